package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A fact the ledger records: the payload of one event. Every fact knows the stream it belongs to,
 * which is derived from its own identifying field (a {@code SubsidyPaid} belongs to
 * {@code subsidy:{subsidyId}}), so a fact can never be filed under another stream.
 */
public interface LedgerFact {

    @JsonIgnore
    StreamId streamId();
}
