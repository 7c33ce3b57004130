package cn.huanxin.ledger.api;

import cn.huanxin.ledger.verifier.VerifyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

/**
 * Huanxin Ledger (换新账本): the audit ledger of the trade-in and equipment-renewal funds.
 */
@SpringBootApplication
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
        // Axon's update checker calls an outside host; a government ledger must never phone home,
        // and the property has to be set before Axon's classes initialise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }
}
