package cn.huanxin.ledger.projections.seal;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The seal processor: every recorded event, of every type, in global order, into the Merkle log.
 * It is its own tracking processor with one segment, so order is strict; the handler only notes
 * each event's global position, and the batch is appended when the unit of work prepares to commit,
 * in the same transaction as the processor's token. The leaves are computed from the stored rows
 * ({@link StoredEvent}), never from the deserialised payloads.
 *
 * <p>Replays are disallowed: the log and its signed checkpoints are statements made once; a
 * rebuild could only paper over a change to the stored events, which verification must report.
 */
@ProcessingGroup(SealProjection.PROCESSING_GROUP)
@DisallowReplay
public class SealProjection {

    /** The processing group, hence the tracking processor's name. */
    public static final String PROCESSING_GROUP = "seal";

    /** A larger unit of work is appended in parts of this many events, still in its one transaction. */
    static final int MAX_PENDING_EVENTS = 5_000;

    private final Seal seal;
    private final String batchResourceKey =
            SealProjection.class.getName() + ".pending@" + Integer.toHexString(System.identityHashCode(this));

    public SealProjection(Seal seal) {
        this.seal = seal;
    }

    @EventHandler
    void on(EventMessage<?> message) {
        long position = positionOf(message);
        if (!CurrentUnitOfWork.isStarted()) {
            seal.append(List.of(position));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<Long> pending = root.getOrComputeResource(batchResourceKey, key -> {
            List<Long> list = new ArrayList<>();
            root.onPrepareCommit(uow -> flush(list));
            return list;
        });
        pending.add(position);
        if (pending.size() >= MAX_PENDING_EVENTS) {
            flush(pending);
        }
    }

    private void flush(List<Long> pending) {
        List<Long> positions = List.copyOf(pending);
        pending.clear();
        seal.append(positions);
    }

    private static long positionOf(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked) {
            TrackingToken token = tracked.trackingToken();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            if (position.isPresent()) {
                return position.getAsLong();
            }
        }
        throw new IllegalStateException("the seal takes events only from its tracking processor, "
                + "which knows their global positions");
    }
}
