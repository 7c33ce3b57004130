package cn.huanxin.ledger.api;

import cn.huanxin.ledger.api.integrity.VerifyCommand;
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

    public static void main(String[] args) {
        if (args.length > 0 && "verify".equals(args[0])) {
            // The offline verifier needs no server, no database and no data directory, so it runs
            // before Spring starts and exits without ever starting it.
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // Axon's update checker calls an outside host; a government ledger must never phone home,
        // and the property has to be set before Axon's classes initialise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }
}
