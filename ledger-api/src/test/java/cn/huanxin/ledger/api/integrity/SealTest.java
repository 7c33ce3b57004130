package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.LogTree;
import cn.huanxin.ledger.core.integrity.MerkleTree;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealSettings;
import cn.huanxin.ledger.projections.seal.SealVerifier;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.JdbcEventSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seal and its verifier on the real schema (H2, the ledger's own migrations), without the rest
 * of the application: leaves in order and once, checkpoints by count, by time and on demand, proofs
 * equal to the in-memory reference, and verification that names a deleted, an inserted and a changed
 * event and a forged checkpoint signature.
 */
class SealTest {

    private JdbcTemplate jdbc;
    private EventSource events;
    private MutableClock clock;
    private SigningKey key;
    private Seal seal;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:seal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2", "classpath:db/migration/common")
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        events = new JdbcEventSource(jdbc);
        clock = new MutableClock(Instant.parse("2024-09-01T02:00:00Z"));
        KeyPair pair = Ed25519Keys.generate();
        key = SigningKey.of(pair.getPrivate(), pair.getPublic());
        seal = new Seal(jdbc, events, key, new SealSettings(4, Duration.ofSeconds(10)), clock);
    }

    @Test
    void leavesAreTheStoredEventsInOrderAndCheckpointsComeEveryNLeaves() {
        insert(LongStream.rangeClosed(1, 10));
        seal.append(List.of(1L, 2L, 3L));
        seal.append(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L));

        List<byte[]> expected = new ArrayList<>();
        events.read(EventSource.BEFORE_FIRST, events.head(), 100, batch -> batch
                .forEach(event -> expected.add(MerkleTree.leafHash(event.canonical()))));
        assertThat(seal.root(10)).isEqualTo(MerkleTree.root(expected));
        assertThat(LogTree.inclusionProof(seal.store().subtrees(), 6, 10))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(MerkleTree.inclusionProof(expected, 6));
        assertThat(jdbc.queryForList("SELECT tree_size FROM seal_checkpoint ORDER BY tree_size", Long.class))
                .containsExactly(4L, 8L);
        Checkpoint eight = seal.store().checkpoint(8).orElseThrow().checkpoint();
        assertThat(eight.verify(key.publicKey())).isTrue();
        assertThat(eight.rootHashBytes()).isEqualTo(MerkleTree.root(expected.subList(0, 8)));
        assertThat(eight.signedAt()).isEqualTo("2024-09-01T10:00:00+08:00");
    }

    @Test
    void anEventIsSealedOnceAndInOrder() {
        insert(LongStream.rangeClosed(1, 5));
        seal.append(List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> seal.append(List.of(3L, 4L))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("once and in order");
        assertThatThrownBy(() -> seal.append(List.of(4L, 9L))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event store holds 1 of them");
        assertThat(seal.store().state().treeSize()).isEqualTo(3);
    }

    @Test
    void aTimedCheckpointComesOnlyAfterTheIntervalAndOnDemandAtOnce() {
        insert(LongStream.rangeClosed(1, 6));
        seal.append(List.of(1L, 2L, 3L, 4L, 5L, 6L));
        clock.advance(Duration.ofSeconds(9));
        assertThat(seal.checkpointIfDue()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Checkpoint timed = seal.checkpointIfDue().orElseThrow();
        assertThat(timed.treeSize()).isEqualTo(6);
        clock.advance(Duration.ofMinutes(5));
        assertThat(seal.checkpointIfDue()).as("nothing new to sign").isEmpty();

        Seal.Signed again = seal.checkpointNow();
        assertThat(again.created()).isFalse();
        assertThat(again.checkpoint()).isEqualTo(timed);
        insert(LongStream.of(7));
        seal.append(List.of(7L));
        Seal.Signed now = seal.checkpointNow();
        assertThat(now.created()).isTrue();
        assertThat(now.checkpoint().treeSize()).isEqualTo(7);
    }

    @Test
    void verificationNamesADeletedAnInsertedAndAChangedEvent() {
        insert(LongStream.of(1, 2, 3, 4, 6, 7, 8, 9));
        seal.append(List.of(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L));
        SealVerifier verifier = new SealVerifier(jdbc, events, key.publicKey());
        SealVerifier.Result clean = verifier.verify(checked -> { });
        assertThat(clean.valid()).isTrue();
        assertThat(clean.checked()).isEqualTo(8);
        assertThat(clean.checkpointsChecked()).isEqualTo(2);

        // An event slipped in at a free position, after the seal had passed it.
        insert(LongStream.of(5));
        SealVerifier.Result inserted = verifier.verify(checked -> { });
        assertThat(inserted.valid()).isFalse();
        assertThat(inserted.firstMismatch().position()).isEqualTo(5);
        assertThat(inserted.firstMismatch().reason()).contains("never sealed");
        assertThat(inserted.mismatches()).isEqualTo(1);

        jdbc.execute("DROP TRIGGER domain_event_entry_append_only");
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = 5");
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = 3");
        SealVerifier.Result deleted = verifier.verify(checked -> { });
        assertThat(deleted.firstMismatch().position()).isEqualTo(3);
        assertThat(deleted.firstMismatch().reason()).contains("missing from the store");
        // the deleted leaf alone: the rebuilt tree takes the sealed leaf in its place, so the roots hold
        assertThat(deleted.mismatches()).isEqualTo(1);

        insert(LongStream.of(3));
        assertThat(verifier.verify(checked -> { }).valid()).as("the very same row back in its place").isTrue();
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = 3",
                "{\"fundId\":\"F-3\",\"name\":\"资金 3\",\"year\":2025}".getBytes(StandardCharsets.UTF_8));
        SealVerifier.Result changed = verifier.verify(checked -> { });
        assertThat(changed.firstMismatch().position()).isEqualTo(3);
        assertThat(changed.firstMismatch().reason()).contains("differs from the sealed leaf");
    }

    @Test
    void verificationNamesAForgedCheckpoint() {
        insert(LongStream.rangeClosed(1, 8));
        seal.append(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));
        jdbc.execute("DROP TRIGGER seal_checkpoint_append_only");
        jdbc.update("UPDATE seal_checkpoint SET signed_at = '2020-01-01T00:00:00+08:00' WHERE tree_size = 8");
        SealVerifier.Result result = new SealVerifier(jdbc, events, key.publicKey()).verify(checked -> { });
        assertThat(result.valid()).isFalse();
        assertThat(result.firstMismatch().position()).isEqualTo(8);
        assertThat(result.firstMismatch().reason()).contains("signature");
        assertThat(Ed25519Keys.keyId(key.publicKey())).isEqualTo(key.keyId());
    }

    /**
     * Many events: read in several pages, hashed in many batches on every core, compared in order.
     * The first mismatch is the first changed event, as a single thread reading event after event
     * would report it, whichever batch finishes hashing first.
     */
    @Test
    void verificationOverManyBatchesReportsTheFirstChangeInGlobalOrder() {
        int events = 16_234; // more than one keyset page of the event source on H2, some sixteen batches
        insert(LongStream.rangeClosed(1, events));
        List<Long> positions = LongStream.rangeClosed(1, events).boxed().toList();
        seal.append(positions);
        SealVerifier verifier = new SealVerifier(jdbc, this.events, key.publicKey());
        java.util.List<Long> progress = new java.util.ArrayList<>();
        SealVerifier.Result clean = verifier.verify(progress::add);
        assertThat(clean.valid()).isTrue();
        assertThat(clean.checked()).isEqualTo(events);
        assertThat(clean.checkpointsChecked()).isEqualTo(events / 4);
        assertThat(progress).isSorted().last().isEqualTo((long) events);

        jdbc.execute("DROP TRIGGER domain_event_entry_append_only");
        for (long position : new long[]{events - 10, 12_345, 7_001}) {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?",
                    ("{\"fundId\":\"F-" + position + "\",\"name\":\"资金\",\"year\":2025}")
                            .getBytes(StandardCharsets.UTF_8), position);
        }
        SealVerifier.Result changed = verifier.verify(checked -> { });
        assertThat(changed.valid()).isFalse();
        assertThat(changed.checked()).isEqualTo(events);
        assertThat(changed.firstMismatch().position()).isEqualTo(7_001);
        assertThat(changed.firstMismatch().leafIndex()).isEqualTo(7_000);
        assertThat(changed.firstMismatch().reason()).contains("differs from the sealed leaf");
    }

    /** Rows as the ingestion service writes them, at the given global positions. */
    private void insert(LongStream positions) {
        positions.forEach(position -> jdbc.update("INSERT INTO domain_event_entry (global_index, event_identifier, "
                        + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, "
                        + "payload, meta_data) VALUES (?,?,?,?,?,?,?,?,?,?)", position,
                "00000000-0000-4000-8000-" + String.format("%012d", position), "fund:F-" + position, 0, "Fund",
                "2024-09-01T02:00:00Z", "cn.huanxin.ledger.core.fund.FundOpened", "1",
                ("{\"fundId\":\"F-" + position + "\",\"name\":\"资金 " + position + "\",\"year\":2024}")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"occurredAt\":\"2024-09-01T02:00:00Z\",\"recordedAt\":\"2024-09-01T02:00:0" + (position % 10)
                        + ".5Z\",\"source\":\"test\",\"eventId\":\"E-" + position + "\",\"principal\":\"test\"}")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
