package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_B;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.product;
import static org.assertj.core.api.Assertions.assertThat;

class R03SerialNumberReuseTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R03SerialNumberReuse(RuleSettings.DEFAULTS));
    }

    /** The firing case, shared with the PostgreSQL run: one refrigerator sold to two buyers. */
    static void oneSerialNumberBehindTwoSubsidiesRaisesOneAlert(FraudTestSupport support) {
        RecordedEvent first = support.feed(product("S-R03-1", Programme.APPLIANCE, PERSON_A,
                ProductCategory.REFRIGERATOR, "HR-2024-0001", 1, "3000.00", "600.00"), "2024-09-01T10:00:00");
        assertThat(support.alerts("R03")).isEmpty();
        RecordedEvent second = support.feed(product("S-R03-2", Programme.APPLIANCE, PERSON_B,
                ProductCategory.REFRIGERATOR, "HR-2024-0001", 1, "3000.00", "600.00"), "2024-09-03T10:00:00");

        onlyAlert(support, "R03", Severity.HIGH, "serial", "REFRIGERATOR|HR-2024-0001", null,
                List.of(first.ledgerEventId(), second.ledgerEventId()));
    }

    @Test
    void oneSerialNumberInTwoSubsidiesIsReuse() {
        oneSerialNumberBehindTwoSubsidiesRaisesOneAlert(support());
    }

    @Test
    void aThirdUseAddsEvidenceToTheSameAlert() {
        FraudTestSupport support = support();
        RecordedEvent a = support.feed(product("S-1", Programme.DIGITAL, PERSON_A, ProductCategory.PHONE, "IMEI-9",
                null, "3000.00", "450.00"), "2025-03-01T10:00:00");
        RecordedEvent b = support.feed(product("S-2", Programme.DIGITAL, PERSON_B, ProductCategory.PHONE, "IMEI-9",
                null, "3000.00", "450.00"), "2025-03-02T10:00:00");
        RecordedEvent c = support.feed(product("S-3", Programme.DIGITAL, PERSON_B, ProductCategory.PHONE, "IMEI-9",
                null, "3000.00", "450.00"), "2025-03-03T10:00:00");

        onlyAlert(support, "R03", Severity.HIGH, "serial", "PHONE|IMEI-9", null,
                List.of(a.ledgerEventId(), b.ledgerEventId(), c.ledgerEventId()));
    }

    @Test
    void theSameSerialNumberInAnotherCategoryIsAnotherProduct() {
        FraudTestSupport support = support();
        support.feed(product("S-1", Programme.APPLIANCE, PERSON_A, ProductCategory.TV, "SN-1", 1, "3000.00",
                "600.00"), "2024-09-01T10:00:00");
        support.feed(product("S-2", Programme.APPLIANCE, PERSON_A, ProductCategory.REFRIGERATOR, "SN-1", 1, "3000.00",
                "600.00"), "2024-09-01T10:00:00");
        support.feed(product("S-3", Programme.APPLIANCE, PERSON_A, ProductCategory.TV, "SN-2", 1, "3000.00",
                "600.00"), "2024-09-01T10:00:00");

        assertThat(support.alerts("R03")).isEmpty();
    }

    @Test
    void anApplianceOrDigitalSubsidyWithoutASerialNumberIsRaisedOnItsOwn() {
        FraudTestSupport support = support();
        RecordedEvent appliance = support.feed(product("S-1", Programme.APPLIANCE, PERSON_A, ProductCategory.TV, null,
                1, "3000.00", "600.00"), "2024-09-01T10:00:00");
        RecordedEvent digital = support.feed(product("S-2", Programme.DIGITAL, PERSON_A, ProductCategory.PHONE, null,
                null, "3000.00", "450.00"), "2025-03-01T10:00:00");
        support.feed(product("S-3", Programme.EBIKE, PERSON_A, ProductCategory.EBIKE, null, null, "3000.00",
                "500.00"), "2025-03-01T10:00:00");

        List<AlertView> alerts = support.alerts("R03");
        assertThat(alerts).extracting(AlertView::subject).containsExactly(
                new AlertView.Subject("subsidy", "S-1"), new AlertView.Subject("subsidy", "S-2"));
        assertThat(alerts).extracting(AlertView::evidence).containsExactly(
                List.of(appliance.ledgerEventId()), List.of(digital.ledgerEventId()));
    }

    @Test
    void aSerialNumberTooLongForTheAlertTableIsNamedByItsHash() {
        FraudTestSupport support = support();
        String serial = "X".repeat(256);
        support.feed(product("S-1", Programme.APPLIANCE, PERSON_A, ProductCategory.TV, serial, 1, "3000.00",
                "600.00"), "2024-09-01T10:00:00");
        support.feed(product("S-2", Programme.APPLIANCE, PERSON_B, ProductCategory.TV, serial, 1, "3000.00",
                "600.00"), "2024-09-01T10:00:00");

        assertThat(support.alerts("R03")).singleElement()
                .satisfies(alert -> assertThat(alert.subject().ref()).startsWith("TV|sha256:").hasSize(3 + 7 + 64));
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(product("S-1", Programme.APPLIANCE, PERSON_A, ProductCategory.TV, "SN-1", 1, "3000.00",
                    "600.00"), "2024-09-01T10:00:00");
            support.feed(product("S-2", Programme.APPLIANCE, PERSON_B, ProductCategory.TV, "SN-1", 1, "3000.00",
                    "600.00"), "2024-09-01T10:00:00");
            support.feed(product("S-3", Programme.APPLIANCE, PERSON_B, ProductCategory.TV, null, 1, "3000.00",
                    "600.00"), "2024-09-01T10:00:00");
            runs.add(support.alerts("R03").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(2);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
