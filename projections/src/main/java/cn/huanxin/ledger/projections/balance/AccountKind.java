package cn.huanxin.ledger.projections.balance;

/**
 * The kinds of account in the balance projection's chart of accounts (docs/balances.md). The
 * region accounts — {@link #QUOTA}, {@link #COMMITTED}, {@link #PAID} — make up a balance row.
 */
public enum AccountKind {
    /** The outside world: the treasury or bond issuer that money comes from. One account. */
    WORLD("world"),
    /** A fund's money not yet allocated to a region: {@code pool:{fundId}}. */
    POOL("pool"),
    /** A region's allocated quota not yet granted: {@code quota:{fundId}:{regionCode}}. */
    QUOTA("quota"),
    /** Granted subsidies not yet paid: {@code committed:{fundId}:{regionCode}}. */
    COMMITTED("committed"),
    /** Subsidies paid out: {@code paid:{fundId}:{regionCode}}. */
    PAID("paid");

    private final String prefix;

    AccountKind(String prefix) {
        this.prefix = prefix;
    }

    /** The first part of the ids of this kind's accounts ({@code "quota"}). */
    public String prefix() {
        return prefix;
    }

    /** Whether accounts of this kind belong to one (fund, region) and so to a balance row. */
    public boolean isRegional() {
        return this == QUOTA || this == COMMITTED || this == PAID;
    }
}
