package cn.huanxin.ledger.loadgen;

import cn.huanxin.ledger.loadgen.EnterpriseSetup.CountyPool;
import cn.huanxin.ledger.loadgen.EnterpriseSetup.Enterprise;
import cn.huanxin.ledger.loadgen.ScrapInvoiceCases.Line;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A vehicle scrap: the county's vehicle recycler takes in an old car and issues the scrap
 * certificate, the car is deregistered and dismantled, the owner is granted a subsidy on a new car
 * with the old one as proof and paid; often the recycler issues a reverse invoice for the wreck, and
 * now and then the subsidy is reversed.
 */
final class VehicleScrapCases {

    private static final LocalDate CHINA_III_FROM = LocalDate.of(2005, 7, 1);
    private static final LocalDate CHINA_IV_FROM = LocalDate.of(2008, 7, 1);
    private static final LocalDate CHINA_IV_DIESEL_FROM = LocalDate.of(2013, 7, 1);

    private final GeneratorSupport support;
    private final Random random;
    private final EnterpriseSetup enterprises;
    private final FundSetup funds;
    private final Residents residents;
    private final Subsidies subsidies;
    private final ScrapInvoiceCases invoices;

    VehicleScrapCases(GeneratorSupport support, EnterpriseSetup enterprises, FundSetup funds, Residents residents,
                      Subsidies subsidies, ScrapInvoiceCases invoices) {
        this.support = support;
        this.random = support.random();
        this.enterprises = enterprises;
        this.funds = funds;
        this.residents = residents;
        this.subsidies = subsidies;
        this.invoices = invoices;
    }

    List<Draft> next(String county, LocalDate day) {
        CountyPool pool = enterprises.pool(county);
        Enterprise recycler = support.pick(pool.vehicleRecyclers());
        String owner = residents.person(county, 0.01);
        int caseNumber = support.nextCaseNumber();
        List<Draft> out = new ArrayList<>();

        double fuelDraw = random.nextDouble();
        String fuel = fuelDraw < 0.75 ? "PETROL" : fuelDraw < 0.85 ? "DIESEL" : "NEV";
        // Registration dates end in mid-2011 for petrol cars, mid-2013 for diesel and spring 2018 for
        // new-energy cars, so that every scrapped car is old enough to be eligible: an ineligible scrap
        // is R06's case, and the background must not plant it.
        LocalDate registeredOn = switch (fuel) {
            case "PETROL" -> support.randomDate(LocalDate.of(2004, 1, 1), 2737);
            case "DIESEL" -> support.randomDate(LocalDate.of(2005, 1, 1), 3102);
            default -> support.randomDate(LocalDate.of(2013, 1, 1), 1945);
        };
        String emission = "NEV".equals(fuel) ? "NONE"
                : registeredOn.isBefore(CHINA_III_FROM) ? "CHINA_II"
                : registeredOn.isBefore(CHINA_IV_FROM) ? "CHINA_III"
                : "DIESEL".equals(fuel) && registeredOn.isBefore(CHINA_IV_DIESEL_FROM) ? "CHINA_III" : "CHINA_IV";
        LocalDate ownedSince = random.nextDouble() < 0.8 ? registeredOn
                : support.randomDate(registeredOn.plusDays(30),
                        (int) ChronoUnit.DAYS.between(registeredOn, LocalDate.of(2023, 12, 1)));
        String vehicleClass = random.nextDouble() < 0.86 ? "SMALL_PASSENGER" : "MICRO_PASSENGER";
        String wmi = support.pick(Catalog.OLD_WMIS);
        String vin = support.identifiers().vin(wmi, modelLetters(),
                registeredOn.getYear() - (random.nextDouble() < 0.3 ? 1 : 0),
                support.pickCharacter(Identifiers.VIN_ALPHABET), support.nextVehicleSerial());

        OffsetDateTime scrapped = support.at(day);
        ObjectNode scrap = support.object();
        scrap.put("vin", vin);
        scrap.put("certificateNo", support.runId() + "-BF-" + county + "-" + GeneratorSupport.sequence(caseNumber));
        scrap.put("recyclerId", recycler.id());
        scrap.putObject("owner").put("idNumber", owner);
        scrap.put("vehicleClass", vehicleClass);
        scrap.put("fuel", fuel);
        scrap.put("emissionStandard", emission);
        scrap.put("registeredOn", registeredOn.toString());
        scrap.put("ownedSince", ownedSince.toString());
        scrap.put("scrappedOn", day.toString());
        // Registered in the programme's region: a car registered elsewhere behind a subsidy is R11's case.
        scrap.put("regionCode", county);
        out.add(support.draft("VehicleScrapped", "vehicle:" + vin, scrapped, scrap));

        OffsetDateTime deregistered = support.later(scrapped, 1, 10);
        ObjectNode deregistration = support.object();
        deregistration.put("vin", vin);
        deregistration.put("deregistrationNo", support.runId() + "-ZX-" + county + "-"
                + GeneratorSupport.sequence(caseNumber));
        deregistration.put("deregisteredOn", deregistered.toLocalDate().toString());
        out.add(support.draft("VehicleDeregistered", "vehicle:" + vin, deregistered, deregistration));

        OffsetDateTime dismantled = support.later(scrapped, 5, 30);
        ObjectNode dismantling = support.object();
        dismantling.put("vin", vin);
        dismantling.put("dismantlerId", recycler.id());
        dismantling.put("dismantledOn", dismantled.toLocalDate().toString());
        out.add(support.draft("VehicleDismantled", "vehicle:" + vin, dismantled, dismantling));

        String subsidyId = support.runId() + "-S-" + county + "-" + GeneratorSupport.sequence(caseNumber);
        Product car = Catalog.car(random);
        BigDecimal amount = BigDecimal.valueOf("CAR_NEV".equals(car.category()) ? 20000 : 15000);
        OffsetDateTime granted = support.later(deregistered, 2, 15);
        Enterprise dealer = enterprises.dealerFor(county, granted.toLocalDate(), true, out);
        ObjectNode grant = subsidies.grantToResident(subsidyId, funds.fundId(county), county, "VEHICLE_SCRAP", owner,
                dealer.id(), car);
        ObjectNode newCar = (ObjectNode) grant.get("product");
        newCar.put("serialNo", support.identifiers().vin(car.wmi(), modelLetters(), 2024,
                support.pickCharacter(Identifiers.VIN_ALPHABET), support.nextVehicleSerial()));
        newCar.put("price", GeneratorSupport.money(car.price()));
        Subsidies.invoiced(grant, support.runId() + "-JDC-" + GeneratorSupport.sequence(caseNumber), amount,
                "VEHICLE", vin);
        out.add(support.draft("SubsidyGranted", "subsidy:" + subsidyId, granted, grant));
        funds.granted(county, amount);

        OffsetDateTime paid = support.later(granted, 7, 28);
        out.add(subsidies.paid(subsidyId, caseNumber, amount, paid, subsidies.residentAccount()));

        if (random.nextDouble() < 0.6) {
            BigDecimal weightKg = BigDecimal.valueOf(850 + random.nextInt(800))
                    .add(BigDecimal.valueOf(random.nextInt(10), 1));
            BigDecimal pricePerKg = BigDecimal.valueOf(90 + random.nextInt(70), 2);
            String lineCategory = "NEV".equals(fuel) ? "CAR_NEV" : "CAR_FUEL";
            out.addAll(invoices.reverseInvoice(county, caseNumber, recycler, owner, scrapped,
                    List.of(new Line(lineCategory, 1, weightKg, vin)), weightKg.multiply(pricePerKg)));
        }
        if (random.nextDouble() < 0.02) {
            out.add(subsidies.reversal(subsidyId, caseNumber, amount, support.later(paid, 3, 20)));
        }
        return out;
    }

    /** The two model letters of a VIN. */
    private String modelLetters() {
        return "" + support.pickCharacter(Identifiers.VIN_LETTERS) + support.pickCharacter(Identifiers.VIN_LETTERS);
    }
}
