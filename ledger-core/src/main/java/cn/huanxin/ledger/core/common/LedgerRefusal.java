package cn.huanxin.ledger.core.common;

/**
 * A command the ledger refuses because recording it would corrupt the ledger (docs/api.md, 422).
 * The {@code code} is the stable word of the contract. Business-rule breaches are never refusals:
 * they are recorded and judged by the fraud rules.
 */
public abstract class LedgerRefusal extends Exception {

    private final String code;

    protected LedgerRefusal(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
