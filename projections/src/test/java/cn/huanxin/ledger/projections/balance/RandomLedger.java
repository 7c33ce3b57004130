package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.Programme;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random ledger over three funds and the seven county-level regions of Huai'an: quota
 * allocations and reclaims, grants of several programmes, payments (partial, exact and over the
 * grant), reversals (partial and whole, before and after payment), a few payments for grants never
 * recorded, and many events whose occurredAt lies hours or days before their recordedAt. Record
 * times rise with position; business times do not.
 */
final class RandomLedger {

    static final List<String> FUNDS = List.of("F-2024-CB01", "F-2024-LSB.02", "F-2025-PR-03");
    static final List<String> REGIONS = List.of("320803", "320804", "320812", "320813", "320826", "320830", "320831");
    static final List<Programme> PROGRAMMES =
            List.of(Programme.APPLIANCE, Programme.DIGITAL, Programme.VEHICLE_REPLACEMENT, Programme.EBIKE);

    private final Random random;
    private final ScenarioLedger ledger = new ScenarioLedger();
    private Instant recorded = ScenarioLedger.START;

    private RandomLedger(long seed) {
        this.random = new Random(seed);
    }

    /** At least {@code events} events, the same ones for the same seed. */
    static ScenarioLedger generate(long seed, int events) {
        return new RandomLedger(seed).write(events);
    }

    private ScenarioLedger write(int events) {
        for (String fund : FUNDS) {
            step(ledger.appropriation(fund, yuan(50_000_000, 90_000_000)));
            for (String region : REGIONS) {
                step(ledger.allocation(fund, region, yuan(100_000, 3_000_000)));
            }
        }
        List<String> subsidies = new ArrayList<>();
        List<Long> grantedFen = new ArrayList<>();
        while (ledger.messages().size() < events) {
            int dice = random.nextInt(100);
            String fund = FUNDS.get(random.nextInt(FUNDS.size()));
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            if (dice < 3) {
                step(ledger.allocation(fund, region, yuan(10_000, 500_000)));
            } else if (dice < 5) {
                step(ledger.reclamation(fund, region, yuan(1_000, 100_000)));
            } else if (dice < 45 || subsidies.isEmpty()) {
                String id = "S-" + region + "-" + String.format("%06d", subsidies.size() + 1);
                long fen = 10_000 + random.nextInt(2_000_000);
                Programme programme = PROGRAMMES.get(random.nextInt(PROGRAMMES.size()));
                subsidies.add(id);
                grantedFen.add(fen);
                step(ledger.grant(id, fund, region, programme, Money.ofFen(fen).toString()));
            } else if (dice < 80) {
                int pick = random.nextInt(subsidies.size());
                long grant = grantedFen.get(pick);
                int kind = random.nextInt(10);
                // Mostly exact payments, some in part, some over the grant (rule R18's case).
                long fen = kind < 6 ? grant
                        : kind < 8 ? 1 + random.nextInt((int) grant)
                        : grant + 1 + random.nextInt(50_000);
                step(ledger.payment(subsidies.get(pick), Money.ofFen(fen).toString()));
            } else if (dice < 99) {
                int pick = random.nextInt(subsidies.size());
                long grant = grantedFen.get(pick);
                long fen = random.nextBoolean() ? grant : 1 + random.nextInt((int) grant);
                step(ledger.reversal(subsidies.get(pick), Money.ofFen(fen).toString()));
            } else {
                // Impossible through the API; the projection must post nothing and carry on.
                step(ledger.payment("S-UNSEEN-" + random.nextInt(1_000), "10.00"));
            }
        }
        return ledger;
    }

    private void step(LedgerFact fact) {
        recorded = recorded.plusSeconds(1 + random.nextInt(600)).plusNanos(1_000L * random.nextInt(1_000_000));
        Duration lag = random.nextInt(100) < 80
                ? Duration.ofSeconds(random.nextInt(3_600))
                : Duration.ofSeconds(random.nextInt(3 * 24 * 3_600));
        ledger.record(fact, recorded.minus(lag), recorded);
    }

    private String yuan(int minYuan, int maxYuan) {
        return Money.ofFen((minYuan + (long) random.nextInt(maxYuan - minYuan)) * 100 + random.nextInt(100)).toString();
    }
}
