package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.projections.support.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;

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

    private final UnitOfWorkBatch<Long> batch;

    public SealProjection(Seal seal) {
        this.batch = new UnitOfWorkBatch<>(MAX_PENDING_EVENTS, seal::append);
    }

    @EventHandler
    void on(EventMessage<?> message) {
        batch.add(positionOf(message));
    }

    private static long positionOf(EventMessage<?> message) {
        return UnitOfWorkBatch.position(message).orElseThrow(() -> new IllegalStateException(
                "the seal takes events only from its tracking processor, which knows their global positions"));
    }
}
