package cn.huanxin.ledger.api.config;

import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

/**
 * Gives each work package of a pooled processor a queue that knows its length.
 * <p>
 * Axon 4.13's coordinator asks, before it hands each event on, whether every work package of the
 * node holds fewer than 1,024 events ({@code WorkPackage.hasRemainingCapacity}), and the package's
 * queue, a {@code ConcurrentLinkedQueue}, counts itself by walking every entry. A rebuild keeps the
 * queues nearly full, so each event cost a walk of up to a thousand entries: in a JFR profile of a
 * million-event fraud rebuild, 47 % of the fraud coordinator's samples were {@code
 * ConcurrentLinkedQueue.size}, and with every view rebuilding at once a quarter of all the JVM's
 * samples. Neither the check nor the queue can be configured.
 * <p>
 * So each processor's coordinator makes its work packages as Axon does, and this class then gives
 * the new, still empty package a {@link LinkedBlockingQueue} instead: unbounded and safe between
 * the coordinator that adds and the worker that polls like Axon's, with a length kept as a count.
 * The package uses its queue only through {@code add}, {@code poll}, {@code isEmpty} and {@code
 * size} (read from Axon 4.13's byte code), which mean the same on both. This reaches into Axon's
 * private fields ({@code PooledStreamingEventProcessor.coordinator}, the coordinator's {@code
 * workPackageFactory}, the package's {@code processingQueue}); where one of them is not as expected
 * (another Axon version), nothing is changed, a warning says so, and the processor runs as Axon
 * made it — slower, never wrong. {@code CountedWorkQueuesTest} fails if the fields are not found.
 */
final class CountedWorkQueues {

    private static final Logger log = LoggerFactory.getLogger(CountedWorkQueues.class);

    private CountedWorkQueues() {
    }

    /**
     * Makes the processor's future work packages count their queues; call it before the processor
     * starts (packages made earlier keep Axon's queue).
     *
     * @return whether it did; false, with a warning, for a processor it does not know how to change
     */
    static boolean install(EventProcessor processor) {
        if (!(processor instanceof PooledStreamingEventProcessor)) {
            return false;
        }
        try {
            Object coordinator = field(PooledStreamingEventProcessor.class, "coordinator").get(processor);
            Field factoryField = field(coordinator.getClass(), "workPackageFactory");
            @SuppressWarnings("unchecked")
            BiFunction<Segment, TrackingToken, Object> factory =
                    (BiFunction<Segment, TrackingToken, Object>) factoryField.get(coordinator);
            if (factory instanceof Counting) {
                return true;
            }
            factoryField.set(coordinator, new Counting(factory));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Processor {} keeps Axon's work package queues, which count themselves entry by entry: {}",
                    processor.getName(), e.toString());
            return false;
        }
    }

    /** Axon's work package factory, and the counting queue put into each package it makes. */
    private static final class Counting implements BiFunction<Segment, TrackingToken, Object> {

        private final BiFunction<Segment, TrackingToken, Object> axon;

        Counting(BiFunction<Segment, TrackingToken, Object> axon) {
            this.axon = axon;
        }

        @Override
        public Object apply(Segment segment, TrackingToken token) {
            Object workPackage = axon.apply(segment, token);
            try {
                Field queueField = field(workPackage.getClass(), "processingQueue");
                Queue<?> queue = (Queue<?>) queueField.get(workPackage);
                if (queue.isEmpty()) {
                    queueField.set(workPackage, new LinkedBlockingQueue<>());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("A work package of segment {} keeps Axon's queue: {}", segment.getSegmentId(), e.toString());
            }
            return workPackage;
        }
    }

    /** The named field of the class, of a reference type, made writable. */
    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
