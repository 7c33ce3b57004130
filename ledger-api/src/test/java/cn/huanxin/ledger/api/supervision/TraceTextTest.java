package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.api.web.ConsoleWebConfiguration;
import cn.huanxin.ledger.projections.supervision.BreakReason;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The console says the API's break reasons in both languages, values unchanged. */
class TraceTextTest {

    private final TraceText text = new TraceText(new ConsoleWebConfiguration().messageSource());

    @Test
    void aBrokenStageIsSaidInChineseWithTheApisValues() {
        String entry = "PAID: " + BreakReason.NOT_WITHIN_DAYS_OF_GRANT.english(30, LocalDate.parse("2024-10-01"));
        assertThat(text.entry(entry, Locale.CHINESE)).isEqualTo("补贴支付：未在补贴核定后 30 天内完成（截止 2024-10-01）");
        assertThat(text.entry(entry, Locale.ENGLISH)).isEqualTo(entry.replace("PAID", "Paid"));
    }

    @Test
    void everyReasonHasBothLanguagesAndKeepsItsValues() {
        for (BreakReason reason : BreakReason.values()) {
            Object[] values = new Object[reason.arity()];
            for (int i = 0; i < values.length; i++) {
                values[i] = "91320800MA" + i;
            }
            String entry = "ISSUED: " + reason.english(values);
            String zh = text.entry(entry, Locale.CHINESE);
            String en = text.entry(entry, Locale.ENGLISH);
            for (Object value : values) {
                assertThat(zh).as(reason + " zh").contains(value.toString());
                assertThat(en).as(reason + " en").contains(value.toString());
            }
            assertThat(zh).as(reason + " zh").startsWith("开具反向发票：").doesNotContain(" days", "held no", "within");
            assertThat(en).as(reason + " en").endsWith(reason.english(values));
        }
    }

    @Test
    void aChainStandingForAStageIsSaidStageByStage() {
        String recycler = BreakReason.RECYCLER_UNQUALIFIED.english("E-9", "2024-09-10");
        String late = BreakReason.NOT_WITHIN_DAYS_OF_SCRAPPING.english(30, "2024-10-10");
        String entry = "subsidy:S-V1: SCRAPPED_BY_QUALIFIED_RECYCLER: " + recycler + "; DISMANTLED: " + late;
        assertThat(text.entry(entry, Locale.CHINESE)).isEqualTo("subsidy:S-V1："
                + "有资质企业报废回收：回收企业 E-9 在 2024-09-10 未持有有效的报废机动车回收拆解资质（VEHICLE_RECYCLING）；"
                + "拆解：未在报废后 30 天内完成（截止 2024-10-10）");
        assertThat(text.entry("appliance:R-404/HANDED_OVER", Locale.CHINESE)).isEqualTo("appliance:R-404/移交处理企业");
    }

    @Test
    void anEntryNoReasonReadsIsShownAsTheApiWroteIt() {
        assertThat(text.entry("PAID: something new", Locale.CHINESE)).isEqualTo("补贴支付：something new");
        assertThat(text.entry("UNKNOWN_STAGE", Locale.CHINESE)).isEqualTo("UNKNOWN_STAGE");
    }
}
