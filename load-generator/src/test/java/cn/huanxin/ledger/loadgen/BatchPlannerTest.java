package cn.huanxin.ledger.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlannerTest {

    @ParameterizedTest
    @CsvSource({"20000, 1000", "20000, 7", "5000, 1", "5000, 3", "999, 1000"})
    void groupsOnlyDependOnTheSetupAndOnThemselves(int events, int batchSize) throws Exception {
        EventPlan plan = new EventGenerator("BP", 42).generate(events);
        List<BatchPlanner.Batch> setup = BatchPlanner.setupBatches(plan, batchSize);
        List<BatchPlanner.Group> groups = BatchPlanner.caseGroups(plan, batchSize);

        Set<String> setupStreams = new HashSet<>();
        List<GeneratedEvent> posted = new ArrayList<>();
        for (BatchPlanner.Batch b : setup) {
            assertThat(b.events()).hasSizeBetween(1, batchSize);
            for (GeneratedEvent e : b.events()) {
                if (e.creates()) {
                    setupStreams.add(e.streamId());
                } else {
                    assertThat(setupStreams).contains(e.streamId());
                }
                posted.add(e);
            }
        }
        for (BatchPlanner.Group g : groups) {
            Set<String> local = new HashSet<>();
            for (BatchPlanner.Batch b : g.batches()) {
                assertThat(b.events()).hasSizeBetween(1, batchSize);
                for (GeneratedEvent e : b.events()) {
                    if (e.creates()) {
                        assertThat(setupStreams).doesNotContain(e.streamId());
                        local.add(e.streamId());
                    } else {
                        assertThat(setupStreams.contains(e.streamId()) || local.contains(e.streamId()))
                                .as("%s %s in a group that did not create %s", e.eventId(), e.type(), e.streamId())
                                .isTrue();
                    }
                    posted.add(e);
                }
            }
        }
        assertThat(posted).containsExactlyElementsOf(plan.all());
    }

    @ParameterizedTest
    @CsvSource({"3000, 1000", "3000, 10"})
    void aBatchBodyIsAJsonArrayOfTheEnvelopes(int events, int batchSize) throws Exception {
        EventPlan plan = new EventGenerator("BP", 1).generate(events);
        ObjectMapper mapper = new ObjectMapper();
        for (BatchPlanner.Group g : BatchPlanner.caseGroups(plan, batchSize)) {
            for (BatchPlanner.Batch b : g.batches()) {
                JsonNode array = mapper.readTree(b.body());
                assertThat(array.isArray()).isTrue();
                assertThat(array.size()).isEqualTo(b.events().size());
                for (int i = 0; i < array.size(); i++) {
                    assertThat(array.get(i).get("eventId").asText()).isEqualTo(b.events().get(i).eventId());
                }
            }
        }
    }
}
