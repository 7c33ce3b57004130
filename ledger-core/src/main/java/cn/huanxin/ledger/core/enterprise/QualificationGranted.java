package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** An enterprise is granted a qualification, valid from {@code validFrom} to {@code validTo} (open-ended when absent). */
@Revision("1")
public record QualificationGranted(EnterpriseId enterpriseId, Qualification qualification, String certificateNo, LocalDate validFrom,
                                   LocalDate validTo) implements LedgerFact {

    public QualificationGranted {
        Objects.requireNonNull(enterpriseId, "enterpriseId");
        Objects.requireNonNull(qualification, "qualification");
        Objects.requireNonNull(certificateNo, "certificateNo");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.ENTERPRISE, enterpriseId);
    }
}
