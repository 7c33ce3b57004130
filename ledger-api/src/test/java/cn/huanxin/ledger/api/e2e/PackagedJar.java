package cn.huanxin.ledger.api.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/** The packaged {@code ledger-api.jar}, for the integration tests that run it as a real process. */
public final class PackagedJar {

    private PackagedJar() {
    }

    /** The jar, from the module directory (failsafe's) or the repository root. */
    public static Path find() {
        for (Path candidate : List.of(Path.of("target", "ledger-api.jar"),
                Path.of("ledger-api", "target", "ledger-api.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return fail("target/ledger-api.jar not found from " + Path.of("").toAbsolutePath()
                + "; run ./mvnw verify (the jar is built by package, before the integration tests)");
    }
}
