package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.ProductCategory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One line of a reverse invoice: what was bought, how many, how heavy, and optionally which items
 * (VINs or returnIds), so the invoice can be traced to the scrapped vehicles and collected appliances.
 */
public record InvoiceLine(ProductCategory category, int quantity, BigDecimal weightKg, List<String> itemRefs) {

    public InvoiceLine {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(weightKg, "weightKg");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        itemRefs = itemRefs == null ? null : List.copyOf(itemRefs);
    }
}
