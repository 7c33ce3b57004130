package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.InvoiceLine;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns one fact into its {@code supervision_event} row and its {@code supervision_link} rows. Pure:
 * it reads the fact and its recorded metadata only, never the tables, so an event can be indexed
 * without a round trip and a replay writes the same rows.
 */
final class FactIndex {

    /** An invoice names at most this many items per line that the trace follows; the rest stay in the payload. */
    static final int MAX_ITEM_REFS = 1000;

    private FactIndex() {
    }

    static IndexedEvent index(LedgerFact fact, RecordedEvent recorded, Long position) {
        EventRow.Builder row = EventRow.builder(recorded, position);
        Set<Link> links = new LinkedHashSet<>();
        String id = recorded.ledgerEventId();
        if (fact instanceof FundOpened e) {
            row.fundId(e.fundId()).regionCode(e.regionCode());
        } else if (fact instanceof FundAppropriated e) {
            row.fundId(e.fundId()).amountFen(e.amount().fen());
        } else if (fact instanceof FundAllocated e) {
            row.fundId(e.fundId()).regionCode(e.regionCode()).amountFen(e.amount().fen());
        } else if (fact instanceof FundReclaimed e) {
            row.fundId(e.fundId()).regionCode(e.regionCode()).amountFen(e.amount().fen());
        } else if (fact instanceof SubsidyGranted e) {
            row.subsidyId(e.subsidyId()).fundId(e.fundId()).regionCode(e.regionCode()).programme(e.programme())
                    .merchantId(e.merchantId()).amountFen(e.amount().fen());
            link(links, LinkKind.FUND, e.fundId(), id);
            if (e.beneficiary().kind() == BeneficiaryKind.PERSON) {
                row.personRef(e.beneficiary().personRef());
                link(links, LinkKind.PERSON, e.beneficiary().personRef(), id);
            } else {
                row.enterpriseId(e.beneficiary().enterpriseId());
                link(links, LinkKind.ENTERPRISE, e.beneficiary().enterpriseId(), id);
            }
            link(links, LinkKind.ENTERPRISE, e.merchantId(), id);
            if (e.oldItem() != null) {
                row.oldItem(e.oldItem().kind(), e.oldItem().ref());
                link(links, LinkKind.valueOf(e.oldItem().kind().name()), e.oldItem().ref(), id);
            }
        } else if (fact instanceof SubsidyPaid e) {
            row.subsidyId(e.subsidyId()).amountFen(e.amount().fen()).businessDate(e.paidOn());
        } else if (fact instanceof SubsidyReversed e) {
            row.subsidyId(e.subsidyId()).amountFen(e.amount().fen());
        } else if (fact instanceof VehicleScrapped e) {
            row.vin(e.vin()).personRef(e.owner().personRef()).enterpriseId(e.recyclerId())
                    .businessDate(e.scrappedOn()).regionCode(e.regionCode());
            link(links, LinkKind.PERSON, e.owner().personRef(), id);
            link(links, LinkKind.ENTERPRISE, e.recyclerId(), id);
        } else if (fact instanceof VehicleDeregistered e) {
            row.vin(e.vin()).businessDate(e.deregisteredOn());
        } else if (fact instanceof VehicleDismantled e) {
            row.vin(e.vin()).enterpriseId(e.dismantlerId()).businessDate(e.dismantledOn());
            link(links, LinkKind.ENTERPRISE, e.dismantlerId(), id);
        } else if (fact instanceof ApplianceCollected e) {
            row.returnId(e.returnId()).personRef(e.owner().personRef()).enterpriseId(e.collectorId())
                    .businessDate(e.collectedOn()).regionCode(e.regionCode()).subsidyId(e.subsidyId());
            link(links, LinkKind.PERSON, e.owner().personRef(), id);
            link(links, LinkKind.ENTERPRISE, e.collectorId(), id);
            link(links, LinkKind.SUBSIDY, e.subsidyId(), id);
        } else if (fact instanceof ApplianceHandedOver e) {
            row.returnId(e.returnId()).enterpriseId(e.toEnterpriseId()).businessDate(e.handedOverOn());
            link(links, LinkKind.ENTERPRISE, e.toEnterpriseId(), id);
        } else if (fact instanceof ApplianceDismantled e) {
            row.returnId(e.returnId()).enterpriseId(e.dismantlerId()).businessDate(e.dismantledOn());
            link(links, LinkKind.ENTERPRISE, e.dismantlerId(), id);
        } else if (fact instanceof ReverseInvoiceIssued e) {
            row.invoiceNo(e.invoiceNo()).enterpriseId(e.issuerId()).personRef(e.seller().personRef())
                    .businessDate(e.issuedOn()).amountFen(e.amountExclVat().fen());
            link(links, LinkKind.PERSON, e.seller().personRef(), id);
            link(links, LinkKind.ENTERPRISE, e.issuerId(), id);
            for (InvoiceLine line : e.lines()) {
                if (line.itemRefs() != null) {
                    line.itemRefs().stream().limit(MAX_ITEM_REFS).forEach(ref -> link(links, LinkKind.ITEM, ref, id));
                }
            }
        } else if (fact instanceof ReverseInvoiceVoided e) {
            row.invoiceNo(e.invoiceNo()).businessDate(e.voidedOn());
        } else if (fact instanceof EnterpriseRegistered e) {
            row.enterpriseId(e.enterpriseId()).regionCode(e.regionCode());
        } else if (fact instanceof QualificationGranted e) {
            row.enterpriseId(e.enterpriseId()).qualification(e.qualification()).businessDate(e.validFrom())
                    .validTo(e.validTo());
        } else if (fact instanceof QualificationRevoked e) {
            row.enterpriseId(e.enterpriseId()).qualification(e.qualification()).businessDate(e.revokedOn());
        } else if (fact instanceof EquipmentRenewed e) {
            row.enterpriseId(e.enterpriseId()).equipmentCategory(e.equipmentCategory()).quantity(e.quantity())
                    .amountFen(e.investment().fen()).regionCode(e.regionCode());
            link(links, LinkKind.ENTERPRISE, e.enterpriseId(), id);
            if (e.oldEquipment() != null) {
                link(links, LinkKind.ENTERPRISE, e.oldEquipment().recyclerId(), id);
            }
        } else {
            throw new IllegalArgumentException("the supervision projection does not index " + recorded.type());
        }
        return new IndexedEvent(row.build(), new ArrayList<>(links));
    }

    private static void link(Set<Link> links, LinkKind kind, Object ref, String ledgerEventId) {
        if (ref != null) {
            links.add(new Link(kind.name(), ref.toString(), ledgerEventId));
        }
    }
}
