package cn.huanxin.ledger.api.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the packages a house a newcomer can live in: no package of any module depends, however
 * indirectly, on a package that depends on it; ledger-api stands on three floors with no arrow up;
 * each read model of the projections stands on its own and is reached only through its public types.
 */
class PackageStructureTest {

    private static JavaClasses ledger;

    @BeforeAll
    static void importLedger() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.huanxin.ledger");
    }

    @Test
    void apiPackagesFormNoCycle() {
        slices().matching("cn.huanxin.ledger.api.(*)..").should().beFreeOfCycles().check(ledger);
    }

    @Test
    void projectionsPackagesFormNoCycle() {
        slices().matching("cn.huanxin.ledger.projections.(*)..").should().beFreeOfCycles().check(ledger);
    }

    @Test
    void corePackagesFormNoCycle() {
        slices().matching("cn.huanxin.ledger.core.(*)..").should().beFreeOfCycles().check(ledger);
    }

    /**
     * The ground floor is what every endpoint shares (problems, paging, settings, Axon's wiring, the
     * nodes sharing one database, and the console's language and formats); the first floor records
     * (who may do what, and ingestion, through which even the ledger's own facts pass); the top floor
     * holds one package per read model or capability, each serving its own view with its API
     * endpoints and its console pages, and {@code console}, the console's doors and the overview that
     * draws on several views. A floor reaches only down.
     */
    @Test
    void apiStandsOnThreeFloors() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("cn.huanxin.ledger.api")
                .layer("views").definedBy("cn.huanxin.ledger.api.balance..", "cn.huanxin.ledger.api.supervision..",
                        "cn.huanxin.ledger.api.fraud..", "cn.huanxin.ledger.api.history..",
                        "cn.huanxin.ledger.api.access..", "cn.huanxin.ledger.api.integrity..",
                        "cn.huanxin.ledger.api.investigation..", "cn.huanxin.ledger.api.admin..",
                        "cn.huanxin.ledger.api.console..")
                .layer("recording").definedBy("cn.huanxin.ledger.api.security..", "cn.huanxin.ledger.api.ingest..")
                .layer("ground").definedBy("cn.huanxin.ledger.api.web..", "cn.huanxin.ledger.api.config..",
                        "cn.huanxin.ledger.api.cluster..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("views").mayOnlyBeAccessedByLayers("application")
                .whereLayer("recording").mayOnlyBeAccessedByLayers("views", "application")
                .whereLayer("ground").mayOnlyBeAccessedByLayers("recording", "views", "application")
                .check(ledger);
    }

    /** Within the ground and first floors, security knows nothing of what is recorded. */
    @Test
    void securityKnowsNothingOfIngestion() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.api.security..")
                .should().dependOnClassesThat().resideInAPackage("cn.huanxin.ledger.api.ingest..")
                .check(ledger);
    }

    /**
     * Every package of ledger-api is one of the data path's stations; a new package is a decision
     * to be made here, not by accident.
     */
    @Test
    void apiHasOnlyTheDataPathsPackages() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.api..")
                .should().resideOutsideOfPackages("cn.huanxin.ledger.api", "cn.huanxin.ledger.api.ingest..",
                        "cn.huanxin.ledger.api.balance..", "cn.huanxin.ledger.api.supervision..",
                        "cn.huanxin.ledger.api.fraud..", "cn.huanxin.ledger.api.history..",
                        "cn.huanxin.ledger.api.access..", "cn.huanxin.ledger.api.integrity..",
                        "cn.huanxin.ledger.api.investigation..", "cn.huanxin.ledger.api.admin..",
                        "cn.huanxin.ledger.api.console..",
                        "cn.huanxin.ledger.api.security..", "cn.huanxin.ledger.api.web..",
                        "cn.huanxin.ledger.api.config..", "cn.huanxin.ledger.api.cluster..")
                .check(ledger);
    }

    /**
     * Read models share only the support package and the event source (the one way to read stored
     * events): one can be rebuilt, moved or dropped alone.
     */
    @Test
    void readModelsDoNotDependOnEachOther() {
        slices().matching("cn.huanxin.ledger.projections.(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(),
                        resideInAPackage("cn.huanxin.ledger.projections.support.."))
                .ignoreDependency(DescribedPredicate.alwaysTrue(),
                        resideInAPackage("cn.huanxin.ledger.projections.source.."))
                .check(ledger);
    }

    /**
     * Stored events are read through the event source only: outside its JDBC adapter and the store's
     * configuration no main source names Axon's event table, so the same code runs on the JDBC store
     * and on Axon Server. (SQL is text, which no import graph shows, hence a look at the sources.)
     */
    @Test
    void onlyTheJdbcEventSourceAndTheStoreConfigurationNameTheEventTable() throws IOException {
        List<String> naming = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../projections/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (Files.readString(file).contains("domain_event_entry")) {
                        naming.add(file.getFileName().toString());
                    }
                }
            }
        }
        assertThat(naming).containsExactlyInAnyOrder("JdbcEventSource.java", "AxonConfiguration.java");
    }

    /**
     * A read model's subpackages are its internals (the fraud rules behind their registry, for one):
     * other code reaches a read model through the public types of its own package only.
     */
    @Test
    void readModelsAreReachedThroughTheirPublicTypesOnly() {
        noClasses().that().resideOutsideOfPackage("cn.huanxin.ledger.projections.fraud..")
                .should().dependOnClassesThat().resideInAPackage("cn.huanxin.ledger.projections.fraud.rules..")
                .check(ledger);
        noClasses().that().resideOutsideOfPackage("cn.huanxin.ledger.projections..")
                .should().dependOnClassesThat().resideInAPackage("cn.huanxin.ledger.projections.*.internal..")
                .allowEmptyShould(true)
                .check(ledger);
    }
}
