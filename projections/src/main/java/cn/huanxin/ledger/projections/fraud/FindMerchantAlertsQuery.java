package cn.huanxin.ledger.projections.fraud;

/**
 * The alerts about one merchant (an enterprise by its unified social credit code): every alert whose
 * subject kind begins with {@code merchant-} and whose subject names that merchant first
 * ({@code merchantId|…}: R22's merchant and model, R24's merchant and day), oldest first, at most
 * {@code limit}. An enterprise's trace lists them.
 */
public record FindMerchantAlertsQuery(String enterpriseId, int limit) {

    public FindMerchantAlertsQuery {
        if (enterpriseId == null || enterpriseId.isBlank() || enterpriseId.indexOf('|') >= 0) {
            throw new IllegalArgumentException("an enterprise id without '|' is required");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
