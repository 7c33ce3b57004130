package cn.huanxin.ledger.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates a deterministic (by seed and run id), realistic mix of all 19 event types of the
 * contract, set in Huai'an in the second half of 2024.
 *
 * <p>The sequence starts with the setup: for each of the seven county-level regions a fund that is
 * opened, appropriated and allocated, and a pool of dealers, recyclers, dismantlers and operators
 * that are registered and qualified. Then come independent cases: an appliance trade-in (collection,
 * grant with the old item, payment, hand-over, dismantling), a vehicle scrap (scrap certificate,
 * deregistration, dismantling, grant, payment, often a reverse invoice), a reverse invoice for scrap
 * sold by a person, an equipment renewal, now and then a quota reclaim, a qualification change, a
 * reversal. The last events are the year-end reclaims of unused quota. Every stream is created
 * before it is used, and a case only uses setup streams and streams it creates itself.
 *
 * <p>Every identifier that is not an enterprise code or a VIN starts with the run id, so that runs
 * against the same database do not collide.
 *
 * <p>The data is meant to be a clean background for the fraud rules: products carry serial
 * numbers, scrapped cars are eligible small or micro passenger cars, deliveries stay in the region
 * table, and subsidies are paid into the residents' own accounts. A model sells at its list price
 * give or take 3% (R22), old and new serial numbers never meet (R23), and no dealer books more than
 * {@link EnterpriseSetup#DEALER_DAILY_GRANTS} grants a day (R24), while the first day of the autumn
 * campaign ({@link #CAMPAIGN_START}) is busier for every dealer. Alerts raised on it are worth a
 * look, though events posted concurrently may reach the deadline rules out of business-time order.
 * With {@code plant}, {@link PlantedCases} adds one case each of R22, R23 and R24, and the plan names
 * the alerts they must raise.
 *
 * <p>This class only orchestrates: it chooses the next case and assembles the plan. The setup is
 * drafted by {@link FundSetup} and {@link EnterpriseSetup}, each kind of case by its own class, and
 * all of them draw from the one seeded random source of {@link GeneratorSupport}, so the order in
 * which they are called decides the output.
 */
public final class EventGenerator {

    /** The event types that create their stream. */
    public static final Set<String> CREATING_TYPES = Set.of("FundOpened", "SubsidyGranted", "VehicleScrapped",
            "ApplianceCollected", "ReverseInvoiceIssued", "EnterpriseRegistered", "EquipmentRenewed");

    /** The allowed form of a run id; it prefixes ids of at most 64 characters. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,32}");

    private static final LocalDate CASES_FROM = LocalDate.of(2024, 8, 1);
    /** Cases start by about 2024-12-10, so that their follow-ups stay in 2024. */
    private static final int CASES_SPAN_DAYS = 131;
    /** With fewer events than this left after the setup, the year-end reclaims give their room to cases. */
    private static final int TAIL_THRESHOLD = 500;
    /**
     * The first day of the autumn campaign (金秋消费季): a quarter of the cases of its first week move
     * to that day, so it is about two and a half times as busy as a usual day, for every dealer alike.
     */
    static final LocalDate CAMPAIGN_START = LocalDate.of(2024, 9, 28);
    private static final double CAMPAIGN_DAY_SHARE = 0.25;

    private final String runId;
    private final GeneratorSupport support;
    private final Random random;
    private final FundSetup funds;
    private final EnterpriseSetup enterprises;
    private final ApplianceTradeInCases applianceTradeIns;
    private final VehicleScrapCases vehicleScraps;
    private final ScrapInvoiceCases scrapInvoices;
    private final EquipmentRenewalCases equipmentRenewals;
    private final QualificationChangeCases qualificationChanges;
    private final PlantedCases planted;
    private final boolean plant;

    /**
     * @param runId prefixes every event id and every stream id; see {@link #RUN_ID}
     * @param seed  the seed of the pseudo-random choices
     */
    public EventGenerator(String runId, long seed) {
        this(runId, seed, false);
    }

    /**
     * @param plant also plant the cases of rules R22, R23 and R24 ({@link PlantedCases}), on top of the
     *              requested number of events. The background's cases are drafted exactly as without
     *              them; event ids number the events in posting order, and the funds' allocations cover
     *              the planted grants too, so those differ.
     */
    public EventGenerator(String runId, long seed, boolean plant) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-32 of [A-Za-z0-9._:-]");
        }
        this.runId = runId;
        this.support = new GeneratorSupport(runId, seed);
        this.random = support.random();
        this.funds = new FundSetup(support);
        this.enterprises = new EnterpriseSetup(support);
        Residents residents = new Residents(support);
        Subsidies subsidies = new Subsidies(support);
        this.applianceTradeIns = new ApplianceTradeInCases(support, enterprises, funds, residents, subsidies);
        this.scrapInvoices = new ScrapInvoiceCases(support, enterprises, residents);
        this.vehicleScraps = new VehicleScrapCases(support, enterprises, funds, residents, subsidies, scrapInvoices);
        this.equipmentRenewals = new EquipmentRenewalCases(support, enterprises);
        this.qualificationChanges = new QualificationChangeCases(support, enterprises, equipmentRenewals);
        this.planted = new PlantedCases(support, enterprises, applianceTradeIns);
        this.plant = plant;
    }

    /**
     * Generates exactly {@code total} events, and the planted cases' on top when the generator plants
     * them. A small total cuts the sequence short; any prefix of the sequence keeps every reference
     * valid.
     */
    public EventPlan generate(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("events must be at least 1");
        }
        List<Draft> enterpriseEvents = enterprises.enterpriseEvents();
        int setupSize = FundSetup.fundEventCount() + enterpriseEvents.size();
        int tailSize = total - setupSize >= TAIL_THRESHOLD ? GeneratorSupport.COUNTIES.size() : 0;
        int caseTarget = Math.max(0, total - setupSize - tailSize);

        List<List<Draft>> cases = new ArrayList<>();
        List<LocalDate> caseDays = new ArrayList<>();
        int produced = 0;
        while (produced < caseTarget) {
            double progress = (double) produced / caseTarget;
            caseDays.add(CASES_FROM.plusDays((int) (progress * CASES_SPAN_DAYS)));
            List<Draft> drafts = nextCase(progress);
            if (produced + drafts.size() > caseTarget) {
                drafts = new ArrayList<>(drafts.subList(0, caseTarget - produced));
            }
            cases.add(drafts);
            produced += drafts.size();
        }
        int plantedEvents = 0;
        if (plant) {
            // Drafted after the background, so that the background draws exactly what it draws without
            // them; each planted case goes before the first background case of a later day.
            planted.draft();
            List<PlantedCases.Dated> byDay = new ArrayList<>(planted.cases());
            byDay.sort(Comparator.comparing(PlantedCases.Dated::day));
            int at = 0;
            for (PlantedCases.Dated dated : byDay) {
                while (at < caseDays.size() && !caseDays.get(at).isAfter(dated.day())) {
                    at++;
                }
                cases.add(at, dated.drafts());
                caseDays.add(at, dated.day());
                at++;
                plantedEvents += dated.drafts().size();
            }
        }
        total += plantedEvents;

        // The funds are drafted after the cases because each allocation is sized to what they took.
        List<Draft> setup = new ArrayList<>(funds.fundEvents());
        setup.addAll(enterpriseEvents);
        if (tailSize > 0) {
            for (Draft reclaim : funds.yearEndReclaims()) {
                cases.add(List.of(reclaim));
            }
        }

        int index = 0;
        List<GeneratedEvent> setupEvents = new ArrayList<>();
        for (Draft draft : setup) {
            if (index == total) {
                break;
            }
            setupEvents.add(finish(draft, ++index));
        }
        List<List<GeneratedEvent>> caseEvents = new ArrayList<>();
        for (List<Draft> drafts : cases) {
            List<GeneratedEvent> events = new ArrayList<>(drafts.size());
            for (Draft draft : drafts) {
                if (index == total) {
                    break;
                }
                events.add(finish(draft, ++index));
            }
            if (!events.isEmpty()) {
                caseEvents.add(events);
            }
        }
        return new EventPlan(setupEvents, caseEvents, plant ? planted.expected().stream()
                .map(e -> new EventPlan.Planted(e.ruleId(), e.subjectKind(), e.subjectRef(), e.window())).toList()
                : List.of());
    }

    /** A case in a county drawn by population, on a day that moves through the autumn as the plan fills. */
    private List<Draft> nextCase(double progress) {
        String county = support.randomCounty();
        LocalDate day = CASES_FROM.plusDays(Math.max(0, (int) (progress * CASES_SPAN_DAYS) + random.nextInt(7) - 3));
        if (!day.isBefore(CAMPAIGN_START) && day.isBefore(CAMPAIGN_START.plusDays(7))
                && random.nextDouble() < CAMPAIGN_DAY_SHARE) {
            day = CAMPAIGN_START;
        }
        double kind = random.nextDouble();
        if (kind < 0.60) {
            return applianceTradeIns.next(county, day);
        } else if (kind < 0.77) {
            return vehicleScraps.next(county, day);
        } else if (kind < 0.89) {
            return scrapInvoices.next(county, day);
        } else if (kind < 0.994) {
            return equipmentRenewals.next(county, day);
        } else if (kind < 0.9955) {
            return funds.midYearReclaim(county, day);
        } else {
            return qualificationChanges.next(county, day);
        }
    }

    /** Numbers the draft and wraps its payload in the envelope. */
    private GeneratedEvent finish(Draft draft, int index) {
        String eventId = runId + "-" + String.format("%08d", index);
        ByteArrayOutputStream out = new ByteArrayOutputStream(draft.payload().length + 128);
        String head = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + draft.type() + "\",\"occurredAt\":\""
                + draft.occurredAt() + "\",\"payload\":";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(draft.payload());
        out.write('}');
        return new GeneratedEvent(eventId, draft.type(), draft.streamId(), draft.creates(), out.toByteArray());
    }
}
