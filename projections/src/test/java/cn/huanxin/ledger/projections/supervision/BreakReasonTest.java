package cn.huanxin.ledger.projections.supervision;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakReasonTest {

    private static final LocalDate DEADLINE = LocalDate.parse("2024-10-03");

    @Test
    void everyReasonReadsBackAsItselfWithItsValues() {
        for (BreakReason reason : BreakReason.values()) {
            int placeholders = reason.arity();
            Object[] values = new Object[placeholders];
            for (int i = 0; i < placeholders; i++) {
                values[i] = i % 2 == 0 ? "V" + i + ":x/y" : DEADLINE.plusDays(i);
            }
            String text = reason.english(values);
            assertThat(BreakReason.parse(text)).as(text).hasValueSatisfying(said -> {
                assertThat(said.reason()).isEqualTo(reason);
                assertThat(said.values()).containsExactlyElementsOf(
                        java.util.Arrays.stream(values).map(String::valueOf).toList());
            });
        }
    }

    @Test
    void theApisTextsAreTheOnesTheTraceTestsExpect() {
        assertThat(BreakReason.NOT_WITHIN_DAYS_OF_GRANT.english(30, LocalDate.parse("2024-10-01")))
                .isEqualTo("not within 30 days of the grant (deadline 2024-10-01)");
        assertThat(BreakReason.ISSUER_UNQUALIFIED.english("91320800MA1X", LocalDate.parse("2024-09-10")))
                .isEqualTo("issuer 91320800MA1X held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING"
                        + " valid on 2024-09-10");
        assertThatThrownBy(() -> BreakReason.NO_ALLOCATION.english("F-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCompositeReasonIsReadAsOneNotAsItsFirstPart() {
        String text = BreakReason.DISMANTLED_BY_UNQUALIFIED.english(30, DEADLINE, "E-1", "2024-09-25");
        assertThat(BreakReason.parse(text)).hasValueSatisfying(said -> {
            assertThat(said.reason()).isEqualTo(BreakReason.DISMANTLED_BY_UNQUALIFIED);
            assertThat(said.values()).containsExactly("30", "2024-10-03", "E-1", "2024-09-25");
        });
    }

    @Test
    void entriesAreStagesWithReasonsOrChainsStandingForAStage() {
        String recycler = BreakReason.RECYCLER_UNQUALIFIED.english("E-9", "2024-09-10");
        String late = BreakReason.NOT_WITHIN_DAYS_OF_SCRAPPING.english(30, DEADLINE);
        assertThat(BreakReason.explains("PAID")).isTrue();
        assertThat(BreakReason.explains("appliance:R-404/COLLECTED")).isTrue();
        assertThat(BreakReason.explains("SCRAPPED_BY_QUALIFIED_RECYCLER: " + recycler)).isTrue();
        String standing = "subsidy:S-V1: SCRAPPED_BY_QUALIFIED_RECYCLER: " + recycler + "; DISMANTLED: " + late;
        assertThat(BreakReason.explains(standing)).isTrue();
        assertThat(BreakReason.Entry.of(standing)).isEqualTo(new BreakReason.Entry("subsidy:S-V1",
                "SCRAPPED_BY_QUALIFIED_RECYCLER: " + recycler + "; DISMANTLED: " + late));
        assertThat(BreakReason.Entry.nested(BreakReason.Entry.of(standing).reason()))
                .isEqualTo(List.of("SCRAPPED_BY_QUALIFIED_RECYCLER: " + recycler, "DISMANTLED: " + late));

        assertThat(BreakReason.explains("PAID: the dog ate it")).isFalse();
        assertThat(BreakReason.explains("subsidy:S-1: PAID: the dog ate it; DISMANTLED: " + late)).isFalse();
        assertThat(BreakReason.explains("subsidy:S-1: PAID")).isFalse();
    }
}
