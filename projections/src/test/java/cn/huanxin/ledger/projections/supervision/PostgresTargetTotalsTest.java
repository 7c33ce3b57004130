package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresTargetTotalsTest extends TargetTotalsContract {

    @Override
    JdbcTemplate database() {
        return SharedPostgres.jdbc();
    }

    @Override
    String vendor() {
        return "postgresql";
    }

    /**
     * Two segments of the pooled processor: two threads, each indexing its own streams in batches of
     * one transaction, adding to the same total rows at once — some of them new to both.
     */
    @Test
    void twoSegmentsAddingToTheSameTotalsAtOnceLoseNothingAndDoNotDeadlock() throws Exception {
        List<List<List<DomainEventMessage<?>>>> segments = List.of(batches(1), batches(2));
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(database().getDataSource()));
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (List<List<DomainEventMessage<?>>> segment : segments) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (List<DomainEventMessage<?>> batch : segment) {
                        transactions.executeWithoutResult(status -> {
                            UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
                            batch.forEach(fixture::deliver);
                            unitOfWork.commit();
                        });
                    }
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(row(2024, "APPLIANCES_COLLECTED", Bitemporal.EVERYTHING))
                .isEqualByComparingTo(String.valueOf(2 * BATCHES * 10));
        assertTotalsEqualSql();
    }

    private static final int BATCHES = 15;
    private static final List<String> DAYS_OF_2024 = List.of("2024-01-01", "2024-03-15", "2024-06-30", "2024-12-31");

    /** One segment's batches: its own streams, on days and categories the other segment shares. */
    private List<List<DomainEventMessage<?>>> batches(int segment) {
        Random random = new Random(segment);
        List<List<DomainEventMessage<?>>> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<LedgerFact> facts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = segment + "-" + b + "-" + i;
                facts.add(collected("R-" + key, person("旧家电"), enterprise(2), "2024-03-01", null));
                facts.add(renewed("EQ-" + key, enterprise(1), EquipmentCategory.ELEVATOR, 1 + random.nextInt(9),
                        MeasureUnit.SET, "10.00"));
                facts.add(scrapped(vin(segment * 1000 + random.nextInt(30)), "C-" + key, enterprise(4), person("车主"),
                        "2024-05-01"));
                facts.add(applianceGrant("G-" + segment + "-" + random.nextInt(40), "F", person("买家"), null,
                        "R-" + key, "1000.00"));
                facts.add(reversed("G-" + segment + "-" + random.nextInt(40), "RV-" + key, "600.00"));
                String enterprise = enterprise(100 * segment + random.nextInt(10));
                facts.add(random.nextBoolean()
                        ? qualified(enterprise, Qualification.RECYCLING_FILING, "2024-02-01", null)
                        : revoked(enterprise, Qualification.RECYCLING_FILING, "2024-07-01"));
            }
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (LedgerFact fact : facts) {
                Instant occurredAt = at(DAYS_OF_2024.get(random.nextInt(DAYS_OF_2024.size())));
                batch.add(fixture.message(fact, occurredAt, occurredAt.plusSeconds(60)));
            }
            batches.add(batch);
        }
        return batches;
    }
}
