package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** A fund is opened: the first event of stream {@code fund:{fundId}}. */
@Revision("1")
public record FundOpened(FundId fundId, String name, int year, Scheme scheme, FundSource source,
                         RegionCode regionCode, String documentNo) implements LedgerFact {

    public FundOpened {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(documentNo, "documentNo");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.FUND, fundId);
    }
}
