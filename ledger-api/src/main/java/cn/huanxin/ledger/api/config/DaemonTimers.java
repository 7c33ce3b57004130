package cn.huanxin.ledger.api.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The ledger's background timers: one daemon thread each, named for what it does. */
public final class DaemonTimers {

    private DaemonTimers() {
    }

    /** A scheduled executor on one daemon thread of that name: it never keeps the JVM from exiting. */
    public static ScheduledExecutorService single(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
