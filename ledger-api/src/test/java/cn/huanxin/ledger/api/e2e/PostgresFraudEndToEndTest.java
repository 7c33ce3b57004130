package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Fraud alerts end to end on a real PostgreSQL with the production profile. */
@ActiveProfiles({"postgres", "e2e"})
class PostgresFraudEndToEndTest extends FraudEndToEndTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "5e".repeat(32));
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.stop();
    }

    @Autowired
    private JdbcTemplate jdbc;

    /**
     * A rebuild on PostgreSQL decides its batches on two connections (ledger.fraud.rebuild-threads): the
     * second lane of each batch leaves a mark in its own transaction, which the processor's transaction
     * deletes. So the table was written during the rebuild, and holds nothing once it is done.
     */
    @Test
    @Order(10)
    void aRebuildDecidesItsBatchesOnTwoConnections() throws Exception {
        long before = marksInserted();
        StreamingEventProcessor fraud = processing.eventProcessor("fraud", StreamingEventProcessor.class).orElseThrow();
        fraud.shutDown();
        fraud.resetTokens();
        fraud.start();
        awaitAlert("R10", a -> a.path("alertId").asText().equals(invoiceAlertId)
                && a.path("status").asText().equals("CONFIRMED"));
        await("the rebuild's lanes to leave their marks", () -> marksInserted() > before);
        assertThat(marks()).isZero();
    }

    /**
     * A mark left in the table is what a lane leaves when the processor's transaction of its batch never
     * commits (the ledger stopped in between): the view's next batch refuses to go on, and the view is
     * rebuilt from the start, through the same request as an operator's rebuild; its alerts come back
     * with their dispositions, and it goes on with the event that found the mark.
     */
    @Test
    @Order(11)
    void aRebuildInterruptedPartWayThroughABatchIsRebuiltFromTheStart() throws Exception {
        long requests = rebuildsDone();
        jdbc.update("INSERT INTO fraud_lane_mark (lane, written_by) VALUES (1, 'a lane whose batch never committed')");
        String fund = "FX-" + invoiceAlertId.substring(0, 8);
        post(List.of(envelope("FundOpened", "2024-10-01T09:00:00+08:00", Map.of("fundId", fund, "name", "fund",
                "year", 2024, "scheme", "CONSUMER_TRADE_IN", "source", "CENTRAL_BOND", "regionCode", "320800",
                "documentNo", "D"))));
        await("the fraud view rebuilt from the start", () -> rebuildsDone() > requests);
        await("the rebuilt view current", this::fraudCurrent);
        assertThat(marks()).isZero();
        JsonNode rebuilt = awaitAlert("R10", a -> a.path("alertId").asText().equals(invoiceAlertId));
        assertThat(rebuilt.path("status").asText()).isEqualTo("CONFIRMED");
    }

    private boolean fraudCurrent() {
        try {
            JsonNode views = JSON.readTree(get("admin", "admin-demo", "/api/v1/admin/projections").body());
            for (JsonNode view : views.path("items")) {
                if (view.path("name").asText().equals("fraud")) {
                    return view.path("lag").asLong() == 0 && view.path("caughtUp").asBoolean()
                            && !view.path("replaying").asBoolean() && !view.path("error").asBoolean();
                }
            }
            return false;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rebuildsDone() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_rebuild "
                + "WHERE processor_name = 'fraud' AND state = 'DONE'", Long.class);
    }

    private long marks() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM fraud_lane_mark", Long.class);
    }

    /** Rows ever inserted into the marks' table, as PostgreSQL's statistics count them (deleted ones too). */
    private long marksInserted() {
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'fraud_lane_mark'",
                Long.class);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(250);
        }
    }
}
