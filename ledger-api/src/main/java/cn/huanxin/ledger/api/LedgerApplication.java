package cn.huanxin.ledger.api;

import cn.huanxin.ledger.verifier.VerifyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.LogbackMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Huanxin Ledger (换新账本): the audit ledger of the trade-in and equipment-renewal funds.
 * <p>
 * Without Micrometer's counters of log events ({@code logback_events_total}): they count through a
 * logback turbo filter, which logback asks before it checks a logger's level, on every call — Axon's
 * processors make trace and debug calls for every batch and message — and with two turbo filters
 * (the ledger's own, {@code DatabaseAvailability}'s, is the other) logback copies its list of them on
 * every call too. Together about 1 % of the JVM's samples during an ingest (docs/performance.md).
 */
@SpringBootApplication(exclude = LogbackMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan("cn.huanxin.ledger")
public class LedgerApplication {

    /** How the offline verifier is started from this jar, for its usage line. */
    static final String VERIFY_INVOCATION = "java -jar ledger-api.jar verify";

    public static void main(String[] args) {
        if (args.length > 0 && "verify".equals(args[0])) {
            // The offline verifier needs no server, no database and no data directory, so it runs
            // before Spring starts and exits without ever starting it.
            System.exit(VerifyCommand.run(VERIFY_INVOCATION, Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        if (args.length > 0 && "hash-password".equals(args[0])) {
            System.exit(hashPassword(System.in, System.out, System.err));
        }
        // Axon's update checker calls an outside host; a government ledger must never phone home,
        // and the property has to be set before Axon's classes initialise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }

    /**
     * {@code java -jar ledger-api.jar hash-password}: reads one password from the first line of
     * standard input (never from the command line, where other users of the machine could see it in
     * the process list) and prints the hash that {@code ledger.security.clients[].password-hash}
     * takes. Runs before Spring, like {@code verify}.
     *
     * @return the exit code: 0, or 2 without a usable password
     */
    static int hashPassword(InputStream in, PrintStream out, PrintStream err) {
        String password;
        try {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("hash-password: cannot read standard input: " + e.getMessage());
            return 2;
        }
        // BCrypt reads at most 72 bytes: a longer password would match any password that shares them.
        if (password == null || password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            err.println("hash-password: give one password of 1 to 72 bytes on the first line of standard input");
            err.println("usage: java -jar ledger-api.jar hash-password < password.txt");
            return 2;
        }
        out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
        return 0;
    }
}
