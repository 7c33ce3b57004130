package cn.huanxin.ledger.api.config;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashSet;
import java.util.Set;

/**
 * Which streams the commands of the current ingestion chunk have been sent to so far, kept in the
 * chunk's (root) unit of work. Only a stream that an earlier command of the chunk touched can have
 * events staged in the chunk and not yet appended; for any other stream the events in the store are
 * all there is, and loading its aggregate need not search the chunk's staged events.
 *
 * <p>That search is Axon's: its event store adds to every aggregate load the staged events of the
 * stream, found by collecting every event staged in the unit of work, without duplicates, by a list
 * scan per event — quadratic in the chunk's size, and the largest cost of ingestion before this
 * (docs/performance.md). Outside a tracked chunk nothing is known and the full search runs.
 */
public final class ChunkStreams {

    private static final String KEY = ChunkStreams.class.getName();

    private ChunkStreams() {
    }

    /** Starts tracking in the current unit of work's root: nothing sent yet. */
    public static void track() {
        CurrentUnitOfWork.get().root().resources().put(KEY, new HashSet<String>());
    }

    /** Notes that a command of the chunk has been sent to {@code streamId}. */
    public static void sent(String streamId) {
        Set<String> sent = current();
        if (sent != null) {
            sent.add(streamId);
        }
    }

    /** Whether events of {@code streamId} may be staged in the current unit of work. */
    static boolean mayHaveStagedEvents(String streamId) {
        Set<String> sent = current();
        return sent == null || sent.contains(streamId);
    }

    private static Set<String> current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getResource(KEY);
    }
}
