package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;

import java.util.Objects;

/** The new product bought with a subsidy. {@code serialNo} and {@code energyGrade} (1–5) are optional. */
public record Product(ProductCategory category, String brand, String model, String serialNo,
                      Integer energyGrade, Money price) {

    public Product {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(price, "price");
        if (energyGrade != null && (energyGrade < 1 || energyGrade > 5)) {
            throw new IllegalArgumentException("energyGrade must be 1-5");
        }
    }
}
