package cn.huanxin.ledger.loadgen;

import cn.huanxin.ledger.loadgen.EnterpriseSetup.Enterprise;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reverse invoices: a recycler buys scrap from a person and issues the invoice on the seller's
 * behalf. A case of its own for scrap a resident sells, and the last step of many vehicle cases.
 * Now and then an invoice is voided and, usually, issued again under a new number.
 */
final class ScrapInvoiceCases {

    /** One line of a reverse invoice; {@code itemRef} is the VIN when the line is a scrapped car. */
    record Line(String category, int quantity, BigDecimal weightKg, String itemRef) {
    }

    private static final List<String> SCRAP_CATEGORIES = List.of("REFRIGERATOR", "WASHING_MACHINE", "TV",
            "AIR_CONDITIONER", "COMPUTER", "OTHER");
    private static final List<String> VOID_REASONS = List.of("过磅重量录入错误", "销售方身份信息有误", "品目选择错误", "重复开具");

    private final GeneratorSupport support;
    private final Random random;
    private final EnterpriseSetup enterprises;
    private final Residents residents;

    ScrapInvoiceCases(GeneratorSupport support, EnterpriseSetup enterprises, Residents residents) {
        this.support = support;
        this.random = support.random();
        this.enterprises = enterprises;
        this.residents = residents;
    }

    /** A resident sells one to three kinds of household scrap to a recycler of the county. */
    List<Draft> next(String county, LocalDate day) {
        Enterprise issuer = support.pick(enterprises.pool(county).recyclers());
        String seller = residents.person(county, 0.15);
        List<Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int count = 1 + random.nextInt(3);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String category = support.pick(SCRAP_CATEGORIES);
            // A category drawn twice is skipped rather than drawn again, so an invoice may have fewer lines.
            if (used.contains(category)) {
                continue;
            }
            used.add(category);
            int quantity = "OTHER".equals(category) ? 1 : 1 + random.nextInt(12);
            BigDecimal perItemKg = switch (category) {
                case "REFRIGERATOR" -> BigDecimal.valueOf(55);
                case "WASHING_MACHINE" -> BigDecimal.valueOf(38);
                case "TV" -> BigDecimal.valueOf(18);
                case "AIR_CONDITIONER" -> BigDecimal.valueOf(42);
                case "COMPUTER" -> BigDecimal.valueOf(9);
                default -> BigDecimal.valueOf(80 + random.nextInt(1500));
            };
            BigDecimal weightKg = perItemKg.multiply(BigDecimal.valueOf(quantity))
                    .add(BigDecimal.valueOf(random.nextInt(1000), 3));
            lines.add(new Line(category, quantity, weightKg, null));
            total = total.add(weightKg.multiply(BigDecimal.valueOf(120 + random.nextInt(130), 2)));
        }
        return reverseInvoice(county, support.nextCaseNumber(), issuer, seller, support.at(day), lines, total);
    }

    /** The invoice, and sometimes its voiding and re-issue. */
    List<Draft> reverseInvoice(String county, int caseNumber, Enterprise issuer, String seller, OffsetDateTime at,
                               List<Line> lines, BigDecimal amount) {
        List<Draft> out = new ArrayList<>();
        String invoiceNo = support.runId() + "-FX-" + county + "-" + GeneratorSupport.sequence(caseNumber);
        BigDecimal amountExclVat = amount.setScale(2, RoundingMode.HALF_UP);
        out.add(invoiceIssued(invoiceNo, issuer, seller, at, lines, amountExclVat));
        if (random.nextDouble() < 0.05) {
            OffsetDateTime voided = at.plusMinutes(30 + random.nextInt(2000));
            ObjectNode payload = support.object();
            payload.put("invoiceNo", invoiceNo);
            payload.put("voidedOn", voided.toLocalDate().toString());
            payload.put("reason", support.pick(VOID_REASONS));
            out.add(support.draft("ReverseInvoiceVoided", "reverse-invoice:" + invoiceNo, voided, payload));
            if (random.nextDouble() < 0.7) {
                out.add(invoiceIssued(invoiceNo + "-R", issuer, seller, voided.plusMinutes(20 + random.nextInt(200)),
                        lines, amountExclVat));
            }
        }
        return out;
    }

    private Draft invoiceIssued(String invoiceNo, Enterprise issuer, String seller, OffsetDateTime at, List<Line> lines,
                                BigDecimal amountExclVat) {
        ObjectNode payload = support.object();
        payload.put("invoiceNo", invoiceNo);
        payload.put("issuerId", issuer.id());
        payload.putObject("seller").put("idNumber", seller);
        payload.put("issuedOn", at.toLocalDate().toString());
        payload.put("invoiceKind", random.nextDouble() < 0.95 ? "ORDINARY" : "SPECIAL");
        ArrayNode lineNodes = payload.putArray("lines");
        for (Line line : lines) {
            ObjectNode lineNode = lineNodes.addObject();
            lineNode.put("category", line.category());
            lineNode.put("quantity", line.quantity());
            lineNode.put("weightKg", line.weightKg().stripTrailingZeros().toPlainString());
            if (line.itemRef() != null) {
                lineNode.putArray("itemRefs").add(line.itemRef());
            }
        }
        payload.put("amountExclVat", GeneratorSupport.money(amountExclVat));
        // A person's monthly sales stay far below 100,000 yuan, so the sale is exempt from VAT.
        payload.put("vat", "0.00");
        payload.put("incomeTaxWithheld", GeneratorSupport.money(amountExclVat.multiply(new BigDecimal("0.005"))));
        return support.draft("ReverseInvoiceIssued", "reverse-invoice:" + invoiceNo, at, payload);
    }
}
