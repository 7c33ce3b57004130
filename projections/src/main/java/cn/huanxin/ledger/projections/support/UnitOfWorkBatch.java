package cn.huanxin.ledger.projections.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * How a view writes a tracking processor's batch at once instead of event by event: the handlers
 * only {@link #add} what they derived from each event, and the items are written when the batch's
 * unit of work prepares to commit, in the same transaction as the processor's token. At most
 * {@code maxPending} items wait in memory; a larger batch is written in parts, still in its one
 * transaction, so a misconfigured batch size cannot exhaust the heap. Outside a unit of work (a
 * direct call, as in tests) an item is written at once.
 *
 * <p>Each instance keeps its own buffer, so two views in one unit of work never share one.
 *
 * @param <T> what the view writes per event
 */
public final class UnitOfWorkBatch<T> {

    private final String resourceKey =
            UnitOfWorkBatch.class.getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    private final int maxPending;
    private final Consumer<List<T>> writer;

    /**
     * @param maxPending the most items held before a part is written, at least 1
     * @param writer     writes a part, in order; it must not keep the list
     */
    public UnitOfWorkBatch(int maxPending, Consumer<List<T>> writer) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
        this.maxPending = maxPending;
        this.writer = writer;
    }

    /** Adds one event's item to the current batch, or writes it at once outside a unit of work. */
    public void add(T item) {
        if (!CurrentUnitOfWork.isStarted()) {
            writer.accept(List.of(item));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<T> pending = root.getOrComputeResource(resourceKey, key -> {
            List<T> list = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> flush(list));
            return list;
        });
        pending.add(item);
        if (pending.size() >= maxPending) {
            flush(pending);
        }
    }

    private void flush(List<T> pending) {
        List<T> part = List.copyOf(pending);
        pending.clear();
        writer.accept(part);
    }

    /** The event's global position in the store, when it arrives through a tracking processor. */
    public static OptionalLong position(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked) {
            TrackingToken token = tracked.trackingToken();
            return token == null ? OptionalLong.empty() : token.position();
        }
        return OptionalLong.empty();
    }
}
