package cn.huanxin.ledger.api.config;

import org.axonframework.common.AxonThreadFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor of a pooled processor's coordinator, which comes back promptly when the processor's
 * work packages are full.
 * <p>
 * Axon 4.13's coordinator reads events and queues each of them to every work package of the node.
 * A package holds at most 1,024 events; when one is full, the coordinator schedules itself again
 * after a fixed 100 ms, and nothing wakes it sooner. A rebuild fills the queues at once, so each
 * package handled its batch of about 1,000 events and then sat idle until the 100 ms were up: at
 * most about 1,000 events a package per 100 ms, whatever the machine — the balance, supervision
 * and fraud rebuilds of a million events all ran well below their targets with the processors
 * half idle (JFR: the coordinator parked for 100 ms some ten times a second, the work packages
 * waiting for events in between).
 * <p>
 * This executor runs a task scheduled with exactly that delay after {@link #FULL_QUEUE_POLL_MILLIS}
 * instead: the coordinator then looks for room every few milliseconds while the packages are
 * full, which costs a count of their queues each time, and refills a package as soon as it has
 * taken its next batch. Every other delay (waiting for new events, claim intervals, the back-off
 * after an error) is kept. Should a processor's token claim interval or the idle token interval be
 * set to exactly 100 ms, its idle coordinator would look for events at that pace too (harmless, a
 * little more work); the ledger's settings are 2,000 and 1,000 ms.
 */
final class PromptCoordinatorExecutor extends ScheduledThreadPoolExecutor {

    /** The delay Axon 4.13's coordinator waits when a work package is full. */
    static final long AXON_FULL_QUEUE_DELAY_MILLIS = 100;

    /** How soon the coordinator looks again instead. */
    static final long FULL_QUEUE_POLL_MILLIS = 5;

    PromptCoordinatorExecutor(String processorName) {
        super(1, new AxonThreadFactory("Coordinator[" + processorName + "]"));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return super.schedule(command, prompt(delay, unit), TimeUnit.NANOSECONDS);
    }

    /** The delay to wait, in nanoseconds: Axon's wait for a full work package shortened, any other as given. */
    static long prompt(long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        return nanos == TimeUnit.MILLISECONDS.toNanos(AXON_FULL_QUEUE_DELAY_MILLIS)
                ? TimeUnit.MILLISECONDS.toNanos(FULL_QUEUE_POLL_MILLIS) : nanos;
    }
}
