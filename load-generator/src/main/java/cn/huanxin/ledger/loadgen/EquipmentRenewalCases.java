package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * An equipment renewal: a manufacturer or operator of the county renews equipment of one of the
 * kinds of the catalogue, and usually says what became of the old equipment.
 */
final class EquipmentRenewalCases {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final GeneratorSupport support;
    private final Random random;
    private final EnterpriseSetup enterprises;

    EquipmentRenewalCases(GeneratorSupport support, EnterpriseSetup enterprises) {
        this.support = support;
        this.random = support.random();
        this.enterprises = enterprises;
    }

    List<Draft> next(String county, LocalDate day) {
        EnterpriseSetup.Enterprise operator = support.pick(enterprises.pool(county).operators());
        Catalog.Equipment kind = support.pick(Catalog.EQUIPMENT);
        int quantity = kind.minQuantity() + random.nextInt(kind.maxQuantity() - kind.minQuantity() + 1);
        BigDecimal unitCost = BigDecimal.valueOf(kind.minUnitCost()
                + (long) (random.nextDouble() * (kind.maxUnitCost() - kind.minUnitCost())));
        BigDecimal investment = unitCost.multiply(BigDecimal.valueOf(quantity))
                .divide(HUNDRED, 0, RoundingMode.HALF_UP).multiply(HUNDRED);
        String renewalId = support.runId() + "-EQ-" + county + "-"
                + GeneratorSupport.sequence(support.nextCaseNumber());
        ObjectNode payload = support.object();
        payload.put("renewalId", renewalId);
        payload.put("enterpriseId", operator.id());
        payload.put("domain", kind.domain());
        payload.put("equipmentCategory", kind.category());
        payload.put("quantity", quantity);
        payload.put("unit", kind.unit());
        payload.put("investment", GeneratorSupport.money(investment));
        payload.put("regionCode", county);
        if (random.nextDouble() < 0.7) {
            ObjectNode oldEquipment = payload.putObject("oldEquipment");
            double draw = random.nextDouble();
            String disposal = draw < 0.5 ? "RECYCLED" : draw < 0.85 ? "SCRAPPED" : "REMANUFACTURED";
            oldEquipment.put("disposal", disposal);
            if ("RECYCLED".equals(disposal)) {
                oldEquipment.put("recyclerId", support.pick(enterprises.pool(county).recyclers()).id());
            }
        }
        return List.of(support.draft("EquipmentRenewed", "equipment:" + renewalId, support.at(day), payload));
    }
}
