package cn.huanxin.ledger.verifier;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the verifier a thing a discipline office can run on any machine with a JDK: it reads a
 * bundle with Jackson and checks it with ledger-core's hashes and signatures, and nothing else. A
 * dependency on Spring, Axon, the projections or ledger-api would need a server's classpath, and
 * would not be in the stand-alone jar.
 */
class VerifierDependencyTest {

    private static JavaClasses verifier;

    @BeforeAll
    static void importVerifier() {
        verifier = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.huanxin.ledger.verifier");
    }

    @Test
    void dependsOnlyOnTheJdkJacksonAndLedgerCore() {
        classes().that().resideInAPackage("cn.huanxin.ledger.verifier..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
                        "cn.huanxin.ledger.core..", "cn.huanxin.ledger.verifier..")
                .check(verifier);
    }

    /** What ledger-api uses is public; the checks behind it stay the module's own. */
    @Test
    void publishesOnlyTheVerifierTheCommandAndTheirResults() {
        assertThat(verifier.stream().filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> c.getEnclosingClass().isEmpty()).map(JavaClass::getSimpleName))
                .containsExactlyInAnyOrder("BundleVerifier", "BundleVerification", "BundleProblem", "BundleSummary",
                        "VerifyCommand");
    }
}
