package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.ReversalReason;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a scenario as the event store would deliver it to a tracking processor: each event a
 * tracked message with a rising global position, ledger metadata from {@link TestEvents}, and its
 * own occurredAt and recordedAt. The scenario keeps its own time, which advances a minute per event
 * unless a step names its times; nothing reads a clock.
 */
final class ScenarioLedger {

    static final long FIRST_POSITION = 101;
    static final Instant START = Instant.parse("2024-09-01T01:00:00Z");
    static final Pseudonym PERSON = Pseudonym.of("a".repeat(64));
    static final Pseudonym ACCOUNT = Pseudonym.of("b".repeat(64));

    private final TestEvents events = new TestEvents();
    private final List<EventMessage<?>> messages = new ArrayList<>();
    private long position;
    private Instant now = START;
    private int ids;

    /** Every message written so far, in position order. */
    List<EventMessage<?>> messages() {
        return List.copyOf(messages);
    }

    /**
     * The messages as a tracking processor redelivers them after a reset: each token wrapped in a
     * replay token that remembers where the processor stood (the last position) when it was reset.
     */
    static List<EventMessage<?>> replayed(List<EventMessage<?>> messages) {
        TrackingToken head = ((TrackedEventMessage<?>) messages.get(messages.size() - 1)).trackingToken();
        List<EventMessage<?>> replayed = new ArrayList<>(messages.size());
        for (EventMessage<?> message : messages) {
            TrackedEventMessage<?> tracked = (TrackedEventMessage<?>) message;
            TrackingToken token = new ReplayToken(head, tracked.trackingToken());
            replayed.add(tracked.withTrackingToken(token));
        }
        return replayed;
    }

    Instant now() {
        return now;
    }

    /** The Asia/Shanghai day on which the scenario's time now falls. */
    LocalDate today() {
        return now.atZone(RecordedEvent.SHANGHAI).toLocalDate();
    }

    EventMessage<?> record(LedgerFact fact) {
        now = now.plusSeconds(60);
        return record(fact, now, now);
    }

    EventMessage<?> record(LedgerFact fact, Instant occurredAt, Instant recordedAt) {
        DomainEventMessage<LedgerFact> message = events.message(fact, occurredAt, recordedAt);
        // Global positions start past zero and leave gaps, as the store's index does where a
        // transaction rolled back; a projection that numbered events itself would not match them.
        position = position == 0 ? FIRST_POSITION : position + 2;
        EventMessage<?> tracked =
                new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(position), message);
        messages.add(tracked);
        return tracked;
    }

    EventMessage<?> appropriated(String fundId, String yuan) {
        return record(appropriation(fundId, yuan));
    }

    FundAppropriated appropriation(String fundId, String yuan) {
        return new FundAppropriated(FundId.of(fundId), next("A"), Money.parse(yuan), "财预〔2024〕1号");
    }

    EventMessage<?> allocated(String fundId, String regionCode, String yuan) {
        return record(allocation(fundId, regionCode, yuan));
    }

    FundAllocated allocation(String fundId, String regionCode, String yuan) {
        return new FundAllocated(FundId.of(fundId), next("L"), RegionCode.of(regionCode), Money.parse(yuan),
                "淮财〔2024〕2号");
    }

    EventMessage<?> reclaimed(String fundId, String regionCode, String yuan) {
        return record(reclamation(fundId, regionCode, yuan));
    }

    FundReclaimed reclamation(String fundId, String regionCode, String yuan) {
        return new FundReclaimed(FundId.of(fundId), next("R"), RegionCode.of(regionCode), Money.parse(yuan),
                "淮财〔2024〕3号");
    }

    EventMessage<?> granted(String subsidyId, String fundId, String regionCode, String yuan) {
        return granted(subsidyId, fundId, regionCode, Programme.APPLIANCE, yuan);
    }

    EventMessage<?> granted(String subsidyId, String fundId, String regionCode, Programme programme, String yuan) {
        return record(grant(subsidyId, fundId, regionCode, programme, yuan));
    }

    SubsidyGranted grant(String subsidyId, String fundId, String regionCode, Programme programme, String yuan) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(fundId), RegionCode.of(regionCode), programme,
                Beneficiary.person(PERSON), null, null, null, Money.parse(yuan), null, null, null);
    }

    EventMessage<?> paid(String subsidyId, String yuan) {
        return record(payment(subsidyId, yuan));
    }

    SubsidyPaid payment(String subsidyId, String yuan) {
        return new SubsidyPaid(SubsidyId.of(subsidyId), next("P"), Money.parse(yuan), today(), ACCOUNT);
    }

    EventMessage<?> reversed(String subsidyId, String yuan) {
        return record(reversal(subsidyId, yuan));
    }

    SubsidyReversed reversal(String subsidyId, String yuan) {
        return new SubsidyReversed(SubsidyId.of(subsidyId), next("V"), Money.parse(yuan),
                ReversalReason.PRODUCT_RETURNED, null);
    }

    private String next(String prefix) {
        ids++;
        return prefix + "-" + ids;
    }
}
