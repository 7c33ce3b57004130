package cn.huanxin.ledger.loadgen;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The residents who trade in, scrap and sell: mostly registered in the county of the case, some
 * with an ID number issued under a region code that has since changed, some from outside Huai'an.
 * A few recent residents are remembered so that a case may choose to come back to one of them.
 */
final class Residents {

    private static final List<String> OUTSIDE_REGIONS = List.of("320102", "321302", "320311", "321002", "340102");
    private static final List<String> OLD_ID_REGIONS = List.of("320802", "320811", "320821", "320829", "320826");
    private static final int REMEMBERED = 64;

    private final GeneratorSupport support;
    private final Random random;
    private final List<String> recent = new ArrayList<>();

    Residents(GeneratorSupport support) {
        this.support = support;
        this.random = support.random();
    }

    /**
     * The ID number of a resident of the county.
     *
     * @param reuse the chance of returning a recently used resident instead of a new one
     */
    String person(String county, double reuse) {
        if (!recent.isEmpty() && random.nextDouble() < reuse) {
            return support.pick(recent);
        }
        double draw = random.nextDouble();
        String region = draw < 0.75 ? county
                : draw < 0.9 ? support.pick(OLD_ID_REGIONS)
                : support.pick(OUTSIDE_REGIONS);
        String id = Identifiers.residentId(region, support.randomDate(LocalDate.of(1950, 1, 1), 20_000),
                random.nextInt(1000));
        if (recent.size() < REMEMBERED) {
            recent.add(id);
        } else {
            recent.set(random.nextInt(REMEMBERED), id);
        }
        return id;
    }
}
