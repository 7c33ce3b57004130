package cn.huanxin.ledger.api.config;

import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the ledger changed inside a running pooled processor, read from Axon 4.13's private fields:
 * its coordinator's executor and its work packages' queues.
 */
public final class AxonProcessorInternals {

    private AxonProcessorInternals() {
    }

    /** The class of the executor the processor's coordinator runs on. */
    public static String coordinatorExecutor(PooledStreamingEventProcessor processor) throws ReflectiveOperationException {
        Object coordinator = read(processor, PooledStreamingEventProcessor.class, "coordinator");
        return read(coordinator, coordinator.getClass(), "executorService").getClass().getSimpleName();
    }

    /** The classes of the queues of the processor's current work packages. */
    public static Set<String> workQueues(PooledStreamingEventProcessor processor) throws ReflectiveOperationException {
        Object coordinator = read(processor, PooledStreamingEventProcessor.class, "coordinator");
        Set<String> classes = new TreeSet<>();
        for (Object workPackage : ((Map<?, ?>) read(coordinator, coordinator.getClass(), "workPackages")).values()) {
            classes.add(read(workPackage, workPackage.getClass(), "processingQueue").getClass().getSimpleName());
        }
        return classes;
    }

    private static Object read(Object target, Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
