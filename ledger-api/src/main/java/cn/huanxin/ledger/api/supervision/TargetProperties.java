package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.projections.supervision.Counting;
import cn.huanxin.ledger.projections.supervision.TargetCatalog;
import cn.huanxin.ledger.projections.supervision.TargetDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.List;

/**
 * The plan's target catalogue ({@code ledger.targets}, defaults in {@code config/targets.yml}, one
 * row per task and measure with its source).
 */
@ConfigurationProperties("ledger")
public record TargetProperties(@DefaultValue List<Target> targets) {

    /**
     * @param counting what is counted (see docs/supervision.md)
     * @param category the equipment category, for the two equipment countings
     */
    public record Target(String taskNo, int year, String domain, String leadDepartment, String measure, String unit,
                         BigDecimal target, Counting.Rule counting, EquipmentCategory category,
                         @DefaultValue("false") boolean cumulative) {
    }

    public TargetCatalog catalog() {
        return new TargetCatalog(targets.stream().map(t -> new TargetDefinition(t.taskNo(), t.year(), t.domain(),
                t.leadDepartment(), t.measure(), t.unit(), t.target(), new Counting(t.counting(), t.category()),
                t.cumulative())).toList());
    }
}
