package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue refuses configuration mistakes at start-up instead of answering wrong figures. */
class TargetCatalogTest {

    @Test
    void measureCodesFollowTheContract() {
        assertThat(Counting.equipmentQuantity(EquipmentCategory.NEV_BUS).measure()).isEqualTo("NEV_BUS");
        assertThat(Counting.equipmentInvestment(EquipmentCategory.POWER_GRID).measure())
                .isEqualTo("POWER_GRID_INVESTMENT");
        assertThat(Counting.of(Counting.Rule.RECYCLING_FILINGS).measure()).isEqualTo("RECYCLING_FILINGS");
    }

    @Test
    void equipmentRulesNeedACategoryAndTheOthersTakeNone() {
        assertThatThrownBy(() -> Counting.of(Counting.Rule.EQUIPMENT_QUANTITY))
                .hasMessageContaining("needs an equipment category");
        assertThatThrownBy(() -> new Counting(Counting.Rule.VEHICLES_SCRAPPED, EquipmentCategory.ELEVATOR))
                .hasMessageContaining("takes no equipment category");
    }

    @Test
    void aMeasureThatDoesNotMatchItsCountingIsRefused() {
        assertThatThrownBy(() -> new TargetDefinition("4", 2024, "能源", "市发改委", "POWER_GRID", "元",
                new BigDecimal("180000000"), Counting.equipmentInvestment(EquipmentCategory.POWER_GRID), false))
                .hasMessageContaining("POWER_GRID_INVESTMENT");
    }

    @Test
    void aTargetOfZeroOrLessIsRefused() {
        assertThatThrownBy(() -> new TargetDefinition("6", 2024, "建筑", "市住建局", "ELEVATOR", "台(套)",
                BigDecimal.ZERO, Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), false))
                .hasMessageContaining("greater than zero");
    }

    @Test
    void aRowListedTwiceIsRefused() {
        TargetDefinition elevator = new TargetDefinition("6", 2024, "建筑", "市住建局", "ELEVATOR", "台(套)",
                new BigDecimal("25"), Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), false);
        assertThatThrownBy(() -> new TargetCatalog(List.of(elevator, elevator))).hasMessageContaining("listed twice");
    }

    @Test
    void theCatalogueAnswersOneYearInItsOrder() {
        TargetDefinition a = new TargetDefinition("6", 2024, "建筑", "市住建局", "ELEVATOR", "台(套)",
                new BigDecimal("25"), Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), false);
        TargetDefinition b = new TargetDefinition("6", 2027, "建筑", "市住建局", "ELEVATOR", "台(套)",
                new BigDecimal("127"), Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), true);
        TargetDefinition c = new TargetDefinition("10", 2024, "交通运输", "市交通局", "NEV_BUS", "辆",
                new BigDecimal("100"), Counting.equipmentQuantity(EquipmentCategory.NEV_BUS), false);

        assertThat(new TargetCatalog(List.of(a, b, c)).forYear(2024)).containsExactly(a, c);
    }

    @Test
    void deadlinesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new TraceDeadlines(-1, 30, 30, 30)).hasMessageContaining("collectionDays");
        assertThat(TraceDeadlines.DEFAULTS).isEqualTo(new TraceDeadlines(7, 30, 30, 30));
    }
}
