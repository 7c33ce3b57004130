package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.OtherId;
import cn.huanxin.ledger.core.common.RegionCode;

import java.util.Optional;

/**
 * The ids of the accounts of the chart (docs/balances.md): {@code world}, {@code pool:{fundId}},
 * {@code quota:{fundId}:{regionCode}}, {@code committed:{fundId}:{regionCode}} and
 * {@code paid:{fundId}:{regionCode}}. A fund id may itself contain {@code ':'}, so a regional id is
 * read from both ends: the kind up to the first colon, the six-digit region after the last.
 */
public final class Accounts {

    public static final String WORLD = AccountKind.WORLD.prefix();

    private Accounts() {
    }

    public static String pool(String fundId) {
        return AccountKind.POOL.prefix() + ':' + fundId;
    }

    public static String quota(String fundId, String regionCode) {
        return regional(AccountKind.QUOTA, fundId, regionCode);
    }

    public static String committed(String fundId, String regionCode) {
        return regional(AccountKind.COMMITTED, fundId, regionCode);
    }

    public static String paid(String fundId, String regionCode) {
        return regional(AccountKind.PAID, fundId, regionCode);
    }

    static String regional(AccountKind kind, String fundId, String regionCode) {
        return kind.prefix() + ':' + fundId + ':' + regionCode;
    }

    /**
     * The kind of a well-formed account id, or empty when the id names no account of the chart
     * (a caller can then answer "no such account" without asking the database).
     */
    public static Optional<AccountKind> kindOf(String accountId) {
        if (accountId == null) {
            return Optional.empty();
        }
        if (accountId.equals(WORLD)) {
            return Optional.of(AccountKind.WORLD);
        }
        int first = accountId.indexOf(':');
        if (first < 0) {
            return Optional.empty();
        }
        String prefix = accountId.substring(0, first);
        String rest = accountId.substring(first + 1);
        for (AccountKind kind : AccountKind.values()) {
            if (kind == AccountKind.WORLD || !kind.prefix().equals(prefix)) {
                continue;
            }
            if (kind == AccountKind.POOL) {
                return OtherId.isValid(rest) ? Optional.of(kind) : Optional.empty();
            }
            int last = rest.lastIndexOf(':');
            boolean wellFormed = last > 0
                    && OtherId.isValid(rest.substring(0, last))
                    && RegionCode.isWellFormed(rest.substring(last + 1));
            return wellFormed ? Optional.of(kind) : Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean isWellFormed(String accountId) {
        return kindOf(accountId).isPresent();
    }
}
