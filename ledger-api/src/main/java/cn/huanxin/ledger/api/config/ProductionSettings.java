package cn.huanxin.ledger.api.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The production profile ({@code postgres}) refuses to start half-configured. Before any bean is made
 * (no pool, no migration, no key generated), the settings that production cannot do without are
 * checked, and the start fails with every missing one named ({@link ProductionSettingsException},
 * reported by {@link ProductionSettingsFailureAnalyzer}):
 * <ul>
 *   <li>{@code spring.datasource.url}, a PostgreSQL URL: without it the ledger would otherwise run on
 *   an embedded database nobody backs up, and report itself healthy;</li>
 *   <li>{@code ledger.pseudonym.key}: a key made up on the spot would silently stop new claims from
 *   matching old ones;</li>
 *   <li>{@code ledger.seal.key-file}, a readable file: every node signs with the key whose public half
 *   the auditors trust;</li>
 *   <li>no demo client: neither {@code ledger.security.demo-clients} nor any client whose password is
 *   its public demo password ({@code <name>-demo}, docs/api.md). Tests that run the production
 *   profile on a throw-away database with the demo clients say so with
 *   {@code ledger.security.allow-demo-clients=true}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Profile(ProductionSettings.PROFILE)
public class ProductionSettings {

    static final String PROFILE = "postgres";
    static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";

    /** A post-processor, so that it runs before the data source or any other bean is created. */
    @Bean
    static BeanFactoryPostProcessor productionSettingsCheck() {
        return new Check();
    }

    /**
     * What is missing or wrong in the environment for production, one sentence per setting, each
     * beginning with the setting's name; empty when production may start.
     */
    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        String url = environment.getProperty("spring.datasource.url", "").strip();
        if (url.isEmpty()) {
            problems.add("spring.datasource.url is not set: the postgres profile needs its PostgreSQL database, "
                    + "e.g. jdbc:postgresql://db.internal:5432/ledger (environment SPRING_DATASOURCE_URL), and "
                    + "never falls back to the embedded H2 database");
        } else if (!url.startsWith(POSTGRES_URL_PREFIX)) {
            // Only the scheme is named: a URL may carry a password.
            String scheme = url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5) + 1) : "another database";
            problems.add("spring.datasource.url is not a PostgreSQL URL (" + POSTGRES_URL_PREFIX + "//…) but "
                    + scheme + "…: the postgres profile runs on PostgreSQL only");
        }
        if (environment.getProperty("ledger.pseudonym.key", "").isBlank()) {
            problems.add("ledger.pseudonym.key is not set: configure the secret pseudonym key, at least 32 bytes as "
                    + "hex (e.g. from `openssl rand -hex 32`), and keep it: refs made with another key will not "
                    + "match");
        }
        String sealKey = environment.getProperty("ledger.seal.key-file", "").strip();
        if (sealKey.isEmpty()) {
            problems.add("ledger.seal.key-file is not set: configure the PEM file of the Ed25519 checkpoint signing "
                    + "key (`openssl genpkey -algorithm ed25519 -out seal.pem && openssl pkey -in seal.pem -pubout "
                    + ">> seal.pem`)");
        } else if (!Files.isRegularFile(Path.of(sealKey)) || !Files.isReadable(Path.of(sealKey))) {
            problems.add("ledger.seal.key-file names " + sealKey + ", which is not a readable file");
        }
        if (!environment.getProperty("ledger.security.allow-demo-clients", Boolean.class, false)) {
            if (environment.getProperty("ledger.security.demo-clients", Boolean.class, false)) {
                problems.add("ledger.security.demo-clients is true: the demo clients' passwords are public; "
                        + "configure your own clients under ledger.security.clients");
            }
            List<String> demo = clientsWithDemoPasswords(environment);
            if (!demo.isEmpty()) {
                problems.add("ledger.security.clients configures " + String.join(", ", demo) + " with the public "
                        + "demo password (<name>-demo); give each client its own password");
            }
        }
        return problems;
    }

    /** The clients whose password hash matches their public demo password, {@code <name>-demo}. */
    private static List<String> clientsWithDemoPasswords(Environment environment) {
        List<ClientLogin> clients = Binder.get(environment)
                .bind("ledger.security.clients", Bindable.listOf(ClientLogin.class)).orElse(List.of());
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<String> demo = new ArrayList<>();
        for (ClientLogin client : clients) {
            if (client.name() == null || client.passwordHash() == null) {
                continue; // ClientRegistry refuses these with its own message
            }
            try {
                if (encoder.matches(client.name() + "-demo", client.passwordHash())) {
                    demo.add(client.name());
                }
            } catch (IllegalArgumentException e) {
                // an unknown encoder prefix: ClientRegistry and Spring Security refuse it at their turn
            }
        }
        return demo;
    }

    /** The two settings of a client that tell whether it is a demo client. */
    record ClientLogin(String name, String passwordHash) {
    }

    private static final class Check implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            List<String> problems = problems(environment);
            if (!problems.isEmpty()) {
                throw new ProductionSettingsException(problems);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
