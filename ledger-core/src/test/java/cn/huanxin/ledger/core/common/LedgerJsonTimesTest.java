package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's mapper reads instants and dates exactly as the Java time module alone reads them —
 * the ledger's own shapes on the fast path, every other form (numbers, offsets, odd texts, errors)
 * by the module.
 */
class LedgerJsonTimesTest {

    private final ObjectMapper ledger = LedgerJson.newObjectMapper();
    private final ObjectMapper plain = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    record Times(Instant at, LocalDate on) {
    }

    @Test
    void readsEveryFormAsTheJavaTimeModuleDoes() throws Exception {
        for (String at : List.of("\"2024-08-17T08:39:50Z\"", "\"2024-08-17T08:39:50.123456789Z\"", "\"2024-08-17T08:39:50.5Z\"",
                "\"2024-08-17T16:39:50+08:00\"", "1723883990", "1723883990.5", "\"+12024-01-01T00:00:00Z\"", "null")) {
            for (String on : List.of("\"2024-02-29\"", "\"+12024-01-01\"", "\"2024-08-17T08:39:50\"", "null")) {
                String json = "{\"at\":" + at + ",\"on\":" + on + "}";
                assertThat(ledger.readValue(json, Times.class)).as(json).isEqualTo(plain.readValue(json, Times.class));
            }
        }
    }

    @Test
    void refusesWhatTheJavaTimeModuleRefuses() {
        for (String json : List.of("{\"at\":\"2024-02-30T00:00:00Z\"}", "{\"on\":\"2024-02-30\"}", "{\"on\":\"x\"}",
                "{\"at\":\"x\"}")) {
            assertThatThrownBy(() -> plain.readValue(json, Times.class)).as(json).isNotNull();
            assertThatThrownBy(() -> ledger.readValue(json, Times.class)).as(json).isNotNull();
        }
    }
}
