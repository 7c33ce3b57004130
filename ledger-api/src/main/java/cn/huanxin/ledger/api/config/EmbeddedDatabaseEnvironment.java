package cn.huanxin.ledger.api.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the default profile at an H2 file database under {@code ledger.data-dir} when no
 * {@code spring.datasource.url} is configured. The production profile ({@code postgres}) never gets
 * one: without its URL it refuses to start ({@link ProductionSettings}) rather than keep production
 * records in a file nobody backs up. The path is made absolute first because H2 refuses
 * paths relative to the working directory, and the directory is created so that one command on a
 * fresh machine starts the ledger.
 * <p>
 * {@code WRITE_DELAY=0} makes H2 write every commit to the file before the commit returns: a
 * client that received 201 must find its event after the process is killed. {@code QUERY_CACHE_SIZE}
 * keeps the parsed form of the views' and rules' statements per connection (H2 keeps 8 by default,
 * fewer than one fraud batch uses, and parsing then costs more than executing).
 */
public class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor {

    public static final String H2_OPTIONS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || environment.acceptsProfiles(Profiles.of(ProductionSettings.PROFILE))) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("ledger.data-dir", "./data")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        String url = "jdbc:h2:file:" + dataDir.resolve("ledger") + H2_OPTIONS;
        environment.getPropertySources().addLast(new MapPropertySource("ledger-embedded-database",
                Map.of("spring.datasource.url", url,
                        "spring.datasource.username", "sa",
                        "spring.datasource.password", "")));
    }
}
