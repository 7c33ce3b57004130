package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the trade-in and the vehicle cases share about a subsidy: the grant to a resident, and its
 * follow-ups, payment and reversal.
 */
final class Subsidies {

    private static final List<String> CARD_PREFIXES = List.of("6217", "6228", "6222", "6216");

    private final GeneratorSupport support;

    Subsidies(GeneratorSupport support) {
        this.support = support;
    }

    /**
     * A new bank card number of the resident. Each subsidy is paid into the resident's own account:
     * several residents paid into one account is what rule R09 (shared payee account) looks for, and
     * the generator's background must stay clean.
     */
    String residentAccount() {
        return support.pick(CARD_PREFIXES) + support.digits(15);
    }

    /**
     * The grant to a resident, up to the new product's model; the caller adds the product's serial
     * number and whatever else its programme records of the product, then {@link #invoiced}.
     *
     * @return the grant; its {@code product} object is {@code grant.get("product")}
     */
    ObjectNode grantToResident(String subsidyId, String fundId, String county, String programme, String person,
                               String merchantId, Product product) {
        ObjectNode grant = support.object();
        grant.put("subsidyId", subsidyId);
        grant.put("fundId", fundId);
        grant.put("regionCode", county);
        grant.put("programme", programme);
        ObjectNode beneficiary = grant.putObject("beneficiary");
        beneficiary.put("kind", "PERSON");
        beneficiary.put("idNumber", person);
        grant.put("merchantId", merchantId);
        ObjectNode newProduct = grant.putObject("product");
        newProduct.put("category", product.category());
        newProduct.put("brand", product.brand());
        newProduct.put("model", product.model());
        return grant;
    }

    /** The grant's invoice, amount and the old item it trades in. */
    static void invoiced(ObjectNode grant, String invoiceNo, BigDecimal amount, String oldItemKind, String oldItemRef) {
        grant.put("invoiceNo", invoiceNo);
        grant.put("amount", GeneratorSupport.money(amount));
        ObjectNode oldItem = grant.putObject("oldItem");
        oldItem.put("kind", oldItemKind);
        oldItem.put("ref", oldItemRef);
    }

    Draft paid(String subsidyId, int caseNumber, BigDecimal amount, OffsetDateTime at, String payeeAccount) {
        ObjectNode payload = support.object();
        payload.put("subsidyId", subsidyId);
        payload.put("paymentId", support.runId() + "-PAY-" + GeneratorSupport.sequence(caseNumber));
        payload.put("amount", GeneratorSupport.money(amount));
        payload.put("paidOn", at.toLocalDate().toString());
        payload.put("payeeAccount", payeeAccount);
        return support.draft("SubsidyPaid", "subsidy:" + subsidyId, at, payload);
    }

    /** Mostly a returned product; a data error reverses only part of the grant. */
    Draft reversal(String subsidyId, int caseNumber, BigDecimal granted, OffsetDateTime at) {
        double draw = support.random().nextDouble();
        String reason = draw < 0.55 ? "PRODUCT_RETURNED"
                : draw < 0.8 ? "DATA_ERROR"
                : draw < 0.95 ? "INELIGIBLE"
                : "FRAUD";
        BigDecimal amount = "DATA_ERROR".equals(reason)
                ? granted.multiply(BigDecimal.valueOf(5 + support.random().nextInt(20), 2))
                        .setScale(2, RoundingMode.HALF_UP)
                : granted;
        ObjectNode payload = support.object();
        payload.put("subsidyId", subsidyId);
        payload.put("reversalId", support.runId() + "-REV-" + GeneratorSupport.sequence(caseNumber));
        payload.put("amount", GeneratorSupport.money(amount.max(new BigDecimal("0.01"))));
        payload.put("reason", reason);
        if (support.random().nextDouble() < 0.7) {
            payload.put("note", switch (reason) {
                case "PRODUCT_RETURNED" -> "消费者七日内退货，补贴追回";
                case "DATA_ERROR" -> "发票金额与申报价格不一致，核减补贴";
                case "INELIGIBLE" -> "复核发现不符合补贴条件";
                default -> "经核查存在虚假交易，全额追回";
            });
        }
        return support.draft("SubsidyReversed", "subsidy:" + subsidyId, at, payload);
    }
}
