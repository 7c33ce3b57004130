package cn.huanxin.ledger.api.config;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
 *
 * <p>The chunk also names the streams its commands are for ({@link #track(Collection)}). The first
 * load of any of them asks the store once which of them hold events at all; a stream that held none
 * then, and that no command of the chunk has touched since, loads as empty without a query of its
 * own — one query per chunk instead of one per event that opens a stream (most events). A stream
 * that a concurrent request creates after that question is caught as before, by the store's unique
 * (stream, sequence) key when the chunk commits; the chunk is then retried and asks again.
 */
public final class ChunkStreams {

    private static final String KEY = ChunkStreams.class.getName();

    private ChunkStreams() {
    }

    /** The chunk's streams: those its commands went to so far, and those named up front. */
    private static final class Chunk {
        final Set<String> sent = new HashSet<>();
        final Set<String> named;
        Set<String> absent;

        Chunk(Collection<String> named) {
            this.named = new HashSet<>(named);
        }
    }

    /** Starts tracking in the current unit of work's root: nothing sent yet, nothing named. */
    public static void track() {
        track(List.of());
    }

    /**
     * Starts tracking in the current unit of work's root: nothing sent yet; {@code streamIds} are
     * the streams the chunk's commands will be for, whose existence the store may be asked at once.
     */
    public static void track(Collection<String> streamIds) {
        CurrentUnitOfWork.get().root().resources().put(KEY, new Chunk(streamIds));
    }

    /** Notes that a command of the chunk has been sent to {@code streamId}. */
    public static void sent(String streamId) {
        Chunk chunk = current();
        if (chunk != null) {
            chunk.sent.add(streamId);
        }
    }

    /** Whether events of {@code streamId} may be staged in the current unit of work. */
    static boolean mayHaveStagedEvents(String streamId) {
        Chunk chunk = current();
        return chunk == null || chunk.sent.contains(streamId);
    }

    /**
     * Whether {@code streamId} is known to hold no events: a stream named for the chunk that held
     * none when the store was asked (asked once per chunk, with {@code stored}, on the first call)
     * and that no command of the chunk has been sent to since.
     */
    static boolean knownEmpty(String streamId, Function<Collection<String>, Set<String>> stored) {
        Chunk chunk = current();
        if (chunk == null || chunk.sent.contains(streamId) || !chunk.named.contains(streamId)) {
            return false;
        }
        if (chunk.absent == null) {
            Set<String> absent = new HashSet<>(chunk.named);
            absent.removeAll(stored.apply(chunk.named));
            chunk.absent = absent;
        }
        return chunk.absent.contains(streamId);
    }

    private static Chunk current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getResource(KEY);
    }
}
