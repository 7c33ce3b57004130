package cn.huanxin.ledger.api.config;

import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk asks the store once which of its streams exist; a stream that held nothing then and that
 * no command of the chunk has touched since loads as empty; anything else is read as before.
 */
class ChunkStreamsTest {

    private final List<List<String>> questions = new ArrayList<>();
    private final Function<Collection<String>, Set<String>> store = streams -> {
        questions.add(List.copyOf(streams));
        return Set.of("fund:B");
    };

    @Test
    void theStoreIsAskedOncePerChunkForEveryNamedStream() {
        UnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(new GenericMessage<>("chunk"));
        try {
            ChunkStreams.track(List.of("fund:A", "fund:B", "fund:C", "fund:A"));
            assertThat(ChunkStreams.knownEmpty("fund:A", store)).isTrue();
            assertThat(ChunkStreams.knownEmpty("fund:B", store)).isFalse();
            assertThat(ChunkStreams.knownEmpty("fund:C", store)).isTrue();
            assertThat(questions).hasSize(1);
            assertThat(questions.get(0)).containsExactlyInAnyOrder("fund:A", "fund:B", "fund:C");
        } finally {
            chunk.rollback();
        }
    }

    @Test
    void aStreamTheChunkHasSentACommandToIsReadFromTheStoreAndItsStagedEvents() {
        UnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(new GenericMessage<>("chunk"));
        try {
            ChunkStreams.track(List.of("fund:A"));
            assertThat(ChunkStreams.knownEmpty("fund:A", store)).isTrue();
            ChunkStreams.sent("fund:A");
            // The chunk's first command opened it: the next one must see the staged event.
            assertThat(ChunkStreams.knownEmpty("fund:A", store)).isFalse();
            assertThat(ChunkStreams.mayHaveStagedEvents("fund:A")).isTrue();
        } finally {
            chunk.rollback();
        }
    }

    @Test
    void aStreamTheChunkDidNotNameIsNeverTakenForEmpty() {
        UnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(new GenericMessage<>("chunk"));
        try {
            ChunkStreams.track(List.of("fund:A"));
            assertThat(ChunkStreams.knownEmpty("fund:Z", store)).isFalse();
            assertThat(questions).isEmpty();
        } finally {
            chunk.rollback();
        }
    }

    @Test
    void outsideAChunkNothingIsKnown() {
        assertThat(ChunkStreams.knownEmpty("fund:A", store)).isFalse();
        assertThat(ChunkStreams.mayHaveStagedEvents("fund:A")).isTrue();
        UnitOfWork<?> untracked = DefaultUnitOfWork.startAndGet(new GenericMessage<>("not a chunk"));
        try {
            assertThat(ChunkStreams.knownEmpty("fund:A", store)).isFalse();
        } finally {
            untracked.rollback();
        }
        assertThat(questions).isEmpty();
    }
}
