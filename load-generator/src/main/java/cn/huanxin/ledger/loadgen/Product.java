package cn.huanxin.ledger.loadgen;

import java.math.BigDecimal;

/**
 * A product a subsidy is granted for.
 *
 * @param category the product category of the contract
 * @param brand    the brand
 * @param model    the model
 * @param price    the price in yuan
 * @param wmi      for cars the world manufacturer code of the VIN, otherwise null
 */
record Product(String category, String brand, String model, BigDecimal price, String wmi) {
}
