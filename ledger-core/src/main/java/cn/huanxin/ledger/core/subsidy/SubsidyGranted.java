package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RefersToStreams;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.StreamReference;
import cn.huanxin.ledger.core.common.SubsidyId;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Objects;

/**
 * A subsidy is granted: the first event of stream {@code subsidy:{subsidyId}}. The optional fields
 * ({@code merchantId}, {@code product}, {@code invoiceNo}, {@code oldItem}, {@code deliveryAddressRef},
 * {@code deliveryRegionCode}) are {@code null} when absent and then left out of the stored payload.
 * A grant needs its fund: the fund's stream must exist before the grant is recorded.
 */
@Revision("1")
public record SubsidyGranted(SubsidyId subsidyId, FundId fundId, RegionCode regionCode, Programme programme,
                             Beneficiary beneficiary, EnterpriseId merchantId, Product product, String invoiceNo,
                             Money amount, OldItem oldItem, Pseudonym deliveryAddressRef,
                             RegionCode deliveryRegionCode) implements LedgerFact, RefersToStreams {

    public SubsidyGranted {
        Objects.requireNonNull(subsidyId, "subsidyId");
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(beneficiary, "beneficiary");
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.SUBSIDY, subsidyId);
    }

    /** The fund stream this grant draws on; it must exist before the grant is recorded. */
    public StreamId fundStreamId() {
        return StreamId.of(StreamKind.FUND, fundId);
    }

    @Override
    public List<StreamReference> referencedStreams() {
        return List.of(new StreamReference(fundStreamId(), "fund"));
    }
}
