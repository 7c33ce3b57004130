package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.Product;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The summary of an R22 alert, in Chinese and in English: the grant's merchant, model and price, then
 * each median it exceeded, with the markup allowed, the grants (and other merchants) behind the median
 * and how far above it the price lies.
 *
 * @param zh the Chinese summary
 * @param en the English summary
 */
record R22Summary(String zh, String en) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param own    the merchant's own side, its median computed, when that median was exceeded; else null
     * @param others the other merchants' side, its median computed and its merchants all counted, when
     *               that median was exceeded; else null
     */
    static R22Summary of(String merchant, Product product, int lookbackDays, BigDecimal merchantMarkup,
                         R22PriceSide own, BigDecimal marketMarkup, R22PriceSide others) {
        String zh = "商户 " + merchant + " 以 " + product.price() + " 元售出 " + product.category() + " "
                    + product.brand() + " " + product.model();
        String en = "merchant " + merchant + " sold " + product.category() + " " + product.brand() + " "
                    + product.model() + " at " + product.price() + " yuan";
        if (own != null) {
            zh += "，高于本商户此前 " + lookbackDays + " 天内 " + own.grants() + " 笔的中位价 " + yuan(own.median)
                    + " 元的 " + percent(merchantMarkup) + "% 以上（高出 " + markup(product.price(), own.median) + "%）";
            en += ", more than " + percent(merchantMarkup) + "% above the median " + yuan(own.median)
                    + " of its own " + own.grants() + " grants of the model in the " + lookbackDays
                    + " days before (+" + markup(product.price(), own.median) + "%)";
        }
        if (others != null) {
            zh += "，高于其他 " + others.merchants.size() + " 家商户此前 " + lookbackDays + " 天内 " + others.grants()
                    + " 笔的中位价 " + yuan(others.median) + " 元的 " + percent(marketMarkup) + "% 以上（高出 "
                    + markup(product.price(), others.median) + "%）";
            en += (own != null ? " and" : ",") + " more than " + percent(marketMarkup) + "% above the median "
                    + yuan(others.median) + " of " + others.grants() + " grants of the model by "
                    + others.merchants.size() + " other merchants in the " + lookbackDays + " days before (+"
                    + markup(product.price(), others.median) + "%)";
        }
        return new R22Summary(zh, en);
    }

    private static String yuan(BigDecimal fen) {
        return fen.movePointLeft(2).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String percent(BigDecimal fraction) {
        return fraction.multiply(HUNDRED).stripTrailingZeros().toPlainString();
    }

    /** How far the price lies above the median, in percent with one decimal. */
    private static String markup(Money price, BigDecimal medianFen) {
        return BigDecimal.valueOf(price.fen()).subtract(medianFen).multiply(HUNDRED)
                .divide(medianFen, 1, RoundingMode.HALF_UP).toPlainString();
    }
}
