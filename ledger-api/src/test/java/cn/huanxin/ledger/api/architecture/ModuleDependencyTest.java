package cn.huanxin.ledger.api.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the module direction of the README honest: ledger-api → projections → ledger-core, and the
 * domain free of web, persistence and metrics frameworks.
 */
class ModuleDependencyTest {

    private static JavaClasses ledger;

    @BeforeAll
    static void importLedger() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.huanxin.ledger");
    }

    @Test
    void importsEveryModule() {
        org.assertj.core.api.Assertions.assertThat(ledger.containPackage("cn.huanxin.ledger.core.subsidy")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ledger.containPackage("cn.huanxin.ledger.api.ingest")).isTrue();
    }

    @Test
    void coreDependsOnNeitherProjectionsNorApi() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.core..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.huanxin.ledger.projections..",
                        "cn.huanxin.ledger.api..", "cn.huanxin.ledger.loadgen..")
                .check(ledger);
    }

    @Test
    void projectionsDoNotDependOnApi() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.huanxin.ledger.api..",
                        "cn.huanxin.ledger.loadgen..")
                .allowEmptyShould(true)
                .check(ledger);
    }

    /**
     * A read model turns recorded events into rows; it never decides. So it neither sends commands
     * nor loads aggregates: Axon's command and modelling APIs and its event-sourcing repositories
     * stay out of the projections (its event store API, which reads stored events, may come in).
     */
    @Test
    void projectionsNeitherSendCommandsNorLoadAggregates() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..",
                        "org.axonframework.modelling..", "org.axonframework.eventsourcing")
                .check(ledger);
    }

    @Test
    void coreUsesNoSpringWebPersistenceOrMetrics() {
        noClasses().that().resideInAPackage("cn.huanxin.ledger.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "javax.persistence..", "jakarta.servlet..", "io.micrometer..", "org.hibernate..",
                        "org.axonframework.spring..", "org.axonframework.springboot..")
                .check(ledger);
    }
}
