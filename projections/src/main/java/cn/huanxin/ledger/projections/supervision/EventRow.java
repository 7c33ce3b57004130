package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of {@code supervision_event}: an event's place and times plus the few payload fields the
 * chains and the targets read. {@code businessDate} is the payload's own date (paidOn, scrappedOn,
 * deregisteredOn, dismantledOn, collectedOn, handedOverOn, issuedOn, voidedOn; validFrom of a
 * qualification grant, revokedOn of a revocation); {@code enterpriseId} is the enterprise that acts
 * in the event (the recycler, dismantler, collector, receiver, issuer, renewer, the enterprise of its
 * own stream, an enterprise beneficiary).
 */
record EventRow(String ledgerEventId, String streamId, long sequence, String type, long occurredAtMicros,
                long recordedAtMicros, Long position, String subsidyId, String fundId, String regionCode,
                String programme, String personRef, String enterpriseId, String merchantId, String vin,
                String returnId, String invoiceNo, String oldItemKind, String oldItemRef, String qualification,
                LocalDate businessDate, LocalDate validTo, Long amountFen, Long quantity, String equipmentCategory) {

    static final String FUND_OPENED = FundOpened.class.getSimpleName();
    static final String FUND_APPROPRIATED = FundAppropriated.class.getSimpleName();
    static final String FUND_ALLOCATED = FundAllocated.class.getSimpleName();
    static final String FUND_RECLAIMED = FundReclaimed.class.getSimpleName();
    static final String SUBSIDY_GRANTED = SubsidyGranted.class.getSimpleName();
    static final String SUBSIDY_PAID = SubsidyPaid.class.getSimpleName();
    static final String SUBSIDY_REVERSED = SubsidyReversed.class.getSimpleName();
    static final String VEHICLE_SCRAPPED = VehicleScrapped.class.getSimpleName();
    static final String VEHICLE_DEREGISTERED = VehicleDeregistered.class.getSimpleName();
    static final String VEHICLE_DISMANTLED = VehicleDismantled.class.getSimpleName();
    static final String APPLIANCE_COLLECTED = ApplianceCollected.class.getSimpleName();
    static final String APPLIANCE_HANDED_OVER = ApplianceHandedOver.class.getSimpleName();
    static final String APPLIANCE_DISMANTLED = ApplianceDismantled.class.getSimpleName();
    static final String INVOICE_ISSUED = ReverseInvoiceIssued.class.getSimpleName();
    static final String INVOICE_VOIDED = ReverseInvoiceVoided.class.getSimpleName();
    static final String ENTERPRISE_REGISTERED = EnterpriseRegistered.class.getSimpleName();
    static final String QUALIFICATION_GRANTED = QualificationGranted.class.getSimpleName();
    static final String QUALIFICATION_REVOKED = QualificationRevoked.class.getSimpleName();
    static final String EQUIPMENT_RENEWED = EquipmentRenewed.class.getSimpleName();

    EventRow {
        Objects.requireNonNull(ledgerEventId, "ledgerEventId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(type, "type");
    }

    boolean is(String eventType) {
        return type.equals(eventType);
    }

    Instant occurredAt() {
        return Bitemporal.fromMicros(occurredAtMicros);
    }

    Instant recordedAt() {
        return Bitemporal.fromMicros(recordedAtMicros);
    }

    /** The Asia/Shanghai calendar day on which the event occurred. */
    LocalDate occurredOn() {
        return occurredAt().atZone(RecordedEvent.SHANGHAI).toLocalDate();
    }

    /** The payload's own date, or the day the event occurred when the payload has none. */
    LocalDate dateOrOccurredOn() {
        return businessDate != null ? businessDate : occurredOn();
    }

    /** The key of the stream ({@code S-1} of {@code subsidy:S-1}). */
    String streamKey() {
        return streamId.substring(streamId.indexOf(':') + 1);
    }

    /** The kind prefix of the stream ({@code subsidy} of {@code subsidy:S-1}). */
    String streamKind() {
        int colon = streamId.indexOf(':');
        return colon < 0 ? streamId : streamId.substring(0, colon);
    }

    TraceEvent toTraceEvent() {
        return new TraceEvent(ledgerEventId, streamId, type, occurredAt(), recordedAt());
    }

    static Builder builder(RecordedEvent recorded, Long position) {
        return new Builder(recorded, position);
    }

    /** Fills the optional fields one by one; every payload field that a row does not use stays null. */
    static final class Builder {
        private final RecordedEvent recorded;
        private final Long position;
        private String subsidyId;
        private String fundId;
        private String regionCode;
        private String programme;
        private String personRef;
        private String enterpriseId;
        private String merchantId;
        private String vin;
        private String returnId;
        private String invoiceNo;
        private String oldItemKind;
        private String oldItemRef;
        private String qualification;
        private LocalDate businessDate;
        private LocalDate validTo;
        private Long amountFen;
        private Long quantity;
        private String equipmentCategory;

        private Builder(RecordedEvent recorded, Long position) {
            this.recorded = Objects.requireNonNull(recorded, "recorded");
            this.position = position;
        }

        Builder subsidyId(Object value) {
            subsidyId = text(value);
            return this;
        }

        Builder fundId(Object value) {
            fundId = text(value);
            return this;
        }

        Builder regionCode(Object value) {
            regionCode = text(value);
            return this;
        }

        Builder programme(Object value) {
            programme = text(value);
            return this;
        }

        Builder personRef(Object value) {
            personRef = text(value);
            return this;
        }

        Builder enterpriseId(Object value) {
            enterpriseId = text(value);
            return this;
        }

        Builder merchantId(Object value) {
            merchantId = text(value);
            return this;
        }

        Builder vin(Object value) {
            vin = text(value);
            return this;
        }

        Builder returnId(Object value) {
            returnId = text(value);
            return this;
        }

        Builder invoiceNo(Object value) {
            invoiceNo = text(value);
            return this;
        }

        Builder oldItem(Object kind, String ref) {
            oldItemKind = text(kind);
            oldItemRef = ref;
            return this;
        }

        Builder qualification(Object value) {
            qualification = text(value);
            return this;
        }

        Builder businessDate(LocalDate value) {
            businessDate = value;
            return this;
        }

        Builder validTo(LocalDate value) {
            validTo = value;
            return this;
        }

        Builder amountFen(long value) {
            amountFen = value;
            return this;
        }

        Builder quantity(long value) {
            quantity = value;
            return this;
        }

        Builder equipmentCategory(Object value) {
            equipmentCategory = text(value);
            return this;
        }

        EventRow build() {
            return new EventRow(recorded.ledgerEventId(), recorded.streamId(), recorded.sequence(), recorded.type(),
                    Bitemporal.micros(recorded.occurredAt()), Bitemporal.micros(recorded.recordedAt()), position,
                    subsidyId, fundId, regionCode, programme, personRef, enterpriseId, merchantId, vin, returnId,
                    invoiceNo, oldItemKind, oldItemRef, qualification, businessDate, validTo, amountFen, quantity,
                    equipmentCategory);
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
