package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Optional;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection as a processor drives it: rows that are a pure function of the events (reset and
 * replay give the same bytes), redelivery that changes nothing, writes buffered until the batch's
 * unit of work commits, and query handlers reachable over a query bus.
 */
abstract class ReplayContract {

    static final TargetCatalog CATALOG = new TargetCatalog(List.of(
            TargetContract.target("23", 2024, "APPLIANCES_COLLECTED", "1420000",
                    Counting.of(Counting.Rule.APPLIANCES_COLLECTED), false),
            TargetContract.target("21", 2024, "APPLIANCE_TRADE_INS", "400000",
                    Counting.of(Counting.Rule.APPLIANCE_TRADE_INS), false)));

    private final TestEvents events = new TestEvents();
    SupervisionFixture fixture;

    abstract JdbcTemplate database();

    @BeforeEach
    void setUp() {
        fixture = new SupervisionFixture(database(), CATALOG, TraceDeadlines.DEFAULTS);
    }

    /** One event of every type, with the optional fields both present and absent. */
    void everyKindOfEvent() {
        String dealer = enterprise(1);
        String recycler = enterprise(4);
        String dismantler = enterprise(3);
        String zhang = person("张三");
        String vin = vin(1);
        fixture.feed(registered(dealer, EnterpriseRole.DEALER), "2024-01-05");
        fixture.feed(registered(recycler, EnterpriseRole.VEHICLE_RECYCLER, EnterpriseRole.RECYCLER), "2024-01-05");
        fixture.feed(qualified(recycler, Qualification.VEHICLE_RECYCLING, "2024-01-01", "2026-12-31"), "2024-01-05");
        fixture.feed(qualified(recycler, Qualification.RECYCLING_FILING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(dismantler, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, "2024-01-01", null), "2024-01-05");
        fixture.feed(revoked(dismantler, Qualification.WEEE_PROCESSING, "2024-12-01"), "2024-12-01");
        fixture.feed(fundOpened("F-1"), "2024-01-10");
        fixture.feed(appropriated("F-1", "AP-1", "1000000.00"), "2024-01-11");
        fixture.feed(allocated("F-1", "AL-1", REGION, "500000.00"), "2024-01-12");
        fixture.feed(reclaimed("F-1", "RC-1", REGION, "1000.00"), "2024-12-20");
        fixture.feed(applianceGrant("S-1", "F-1", zhang, dealer, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(applianceGrant("S-2", "F-1", zhang, null, null, "500.00"), "2024-09-02");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-10"), "2024-09-10");
        fixture.feed(reversed("S-2", "RV-1", "500.00"), "2024-09-11");
        fixture.feed(collected("R-1", zhang, recycler, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(collected("R-2", zhang, recycler, "2024-09-03", null), "2024-09-03");
        fixture.feed(handedOver("R-1", dismantler, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", dismantler, "2024-09-25"), "2024-09-25");
        fixture.feed(scrapped(vin, "C-1", recycler, zhang, "2024-09-10"), "2024-09-10");
        fixture.feed(vehicleGrant("S-V", "F-1", zhang, dealer, vin), "2024-09-12");
        fixture.feed(deregistered(vin, "2024-09-20"), "2024-09-20");
        fixture.feed(vehicleDismantled(vin, recycler, "2024-10-01"), "2024-10-01");
        fixture.feed(invoice("INV-1", recycler, zhang, "2024-09-10", List.of(vin, "R-2")), "2024-09-10");
        fixture.feed(voided("INV-1", "2024-09-11"), "2024-09-11");
        fixture.feed(renewed("EQ-1", dealer, EquipmentCategory.ELEVATOR, 3, MeasureUnit.SET, "300000.00"), "2024-06-01");
    }

    @Test
    void replayAfterResetWritesTheSameRowsAndGivesTheSameAnswers() {
        everyKindOfEvent();
        String digest = fixture.digest();
        TraceView person = fixture.traced(TraceKind.PERSON, person("张三"));
        List<TargetRow> targets = fixture.targets(2024);

        fixture.reset();
        assertThat(fixture.count("supervision_event")).isZero();
        assertThat(fixture.count("supervision_link")).isZero();
        fixture.fed().forEach(fixture::deliver);

        assertThat(fixture.digest()).isEqualTo(digest);
        assertThat(fixture.traced(TraceKind.PERSON, person("张三"))).isEqualTo(person);
        assertThat(fixture.targets(2024)).isEqualTo(targets);
        assertThat(fixture.count("supervision_event")).isEqualTo(fixture.fed().size());
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        everyKindOfEvent();
        String digest = fixture.digest();
        long links = fixture.count("supervision_link");

        fixture.fed().forEach(fixture::deliver);
        inOneUnitOfWork(fixture.fed().subList(0, 5));

        assertThat(fixture.digest()).isEqualTo(digest);
        assertThat(fixture.count("supervision_event")).isEqualTo(fixture.fed().size());
        assertThat(fixture.count("supervision_link")).isEqualTo(links);
        assertThat(fixture.targets(2024)).extracting(TargetRow::actual).map(Number::intValue).containsExactly(2, 1);
    }

    @Test
    void aBatchIsWrittenWhenItsUnitOfWorkCommitsAndNotAtAllWhenItRollsBack() {
        DomainEventMessage<?> first = message(collected("R-1", person("甲"), enterprise(2), "2024-03-01", null));
        DomainEventMessage<?> second = message(collected("R-2", person("甲"), enterprise(2), "2024-03-02", null));

        UnitOfWork<EventMessage<?>> committed = DefaultUnitOfWork.startAndGet(first);
        fixture.deliver(first);
        fixture.deliver(second);
        fixture.deliver(first);
        long beforeCommit = fixture.count("supervision_event");
        committed.commit();

        UnitOfWork<EventMessage<?>> rolledBack = DefaultUnitOfWork.startAndGet(first);
        fixture.deliver(message(collected("R-3", person("甲"), enterprise(2), "2024-03-03", null)));
        rolledBack.rollback();

        assertThat(beforeCommit).isZero();
        assertThat(fixture.count("supervision_event")).isEqualTo(2);
        assertThat(fixture.count("supervision_link")).isEqualTo(4);
    }

    @Test
    void aLargeBatchIsWrittenInBoundedChunksBeforeItCommits() {
        UnitOfWork<EventMessage<?>> unitOfWork = null;
        int events = SupervisionProjection.MAX_PENDING + 10;
        for (int i = 0; i < events; i++) {
            DomainEventMessage<?> message = message(collected("R-" + i, person("甲"), enterprise(2), "2024-03-01", null));
            if (unitOfWork == null) {
                unitOfWork = DefaultUnitOfWork.startAndGet(message);
            }
            fixture.deliver(message);
        }
        long beforeCommit = fixture.count("supervision_event");
        unitOfWork.commit();

        assertThat(beforeCommit).isEqualTo(SupervisionProjection.MAX_PENDING);
        assertThat(fixture.count("supervision_event")).isEqualTo(events);
    }

    @Test
    void theGlobalPositionIsKeptWhenTheEventArrivesThroughATrackingProcessor() {
        DomainEventMessage<?> message = message(collected("R-1", person("甲"), enterprise(2), "2024-03-01", null));
        fixture.deliver(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(41), message));

        assertThat(database().queryForObject("SELECT global_position FROM supervision_event", Long.class)).isEqualTo(41L);
    }

    @Test
    void queriesAreAnsweredOverAQueryBus() throws Exception {
        everyKindOfEvent();
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(fixture.projection).subscribe(bus);

        QueryResponseMessage<Optional<TraceView>> trace = bus.query(new GenericQueryMessage<>(
                new FindTraceQuery(TraceKind.SUBSIDY, "S-1", Bitemporal.EVERYTHING),
                ResponseTypes.optionalInstanceOf(TraceView.class))).get();
        QueryResponseMessage<Optional<TraceView>> none = bus.query(new GenericQueryMessage<>(
                new FindTraceQuery(TraceKind.SUBSIDY, "S-404", Bitemporal.EVERYTHING),
                ResponseTypes.optionalInstanceOf(TraceView.class))).get();
        QueryResponseMessage<List<TargetRow>> targets = bus.query(new GenericQueryMessage<>(
                new FindTargetsQuery(2024, Bitemporal.EVERYTHING),
                ResponseTypes.multipleInstancesOf(TargetRow.class))).get();

        assertThat(trace.getPayload()).hasValueSatisfying(view -> assertThat(view.subject().ref()).isEqualTo("S-1"));
        assertThat(none.getPayload()).isEmpty();
        assertThat(targets.getPayload()).hasSize(2);
    }

    @Test
    void aFactOfAnUnknownTypeIsRefusedLoudly() {
        RecordedEvent recorded = RecordedEvent.of(message(collected("R-1", person("甲"), enterprise(2), "2024-03-01", null)));
        LedgerFact unknown = () -> null;

        assertThatThrownBy(() -> FactIndex.index(unknown, recorded, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private DomainEventMessage<?> message(LedgerFact fact) {
        return events.message(fact, at("2024-03-01"), at("2024-03-01", "10:01"));
    }

    private void inOneUnitOfWork(List<DomainEventMessage<?>> messages) {
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(messages.get(0));
        messages.forEach(fixture::deliver);
        unitOfWork.commit();
    }
}
