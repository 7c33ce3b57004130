package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection as the application's component scan builds it, with and without configured targets. */
class SupervisionComponentTest {

    @Test
    void startsWithNoTargetsAndDefaultDeadlinesWhenTheApplicationConfiguresNone() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(JdbcTemplate.class, ProjectionDatabases::h2);
            context.register(SupervisionProjection.class);
            context.refresh();

            assertThat(context.getBean(SupervisionProjection.class)
                    .handle(new FindTargetsQuery(2024, Bitemporal.EVERYTHING))).isEmpty();
        }
    }

    @Test
    void usesTheApplicationsCatalogue() {
        TargetCatalog catalog = new TargetCatalog(List.of(new TargetDefinition("6", 2024, "building", "市住建局",
                "ELEVATOR", "units", new BigDecimal("25"), Counting.equipmentQuantity(EquipmentCategory.ELEVATOR),
                false)));
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(JdbcTemplate.class, ProjectionDatabases::h2);
            context.registerBean(TargetCatalog.class, () -> catalog);
            context.registerBean(TraceDeadlines.class, () -> new TraceDeadlines(3, 10, 10, 10));
            context.register(SupervisionProjection.class);
            context.refresh();

            assertThat(context.getBean(SupervisionProjection.class)
                    .handle(new FindTargetsQuery(2024, Bitemporal.EVERYTHING)))
                    .extracting(TargetRow::measure).containsExactly("ELEVATOR");
        }
    }
}
