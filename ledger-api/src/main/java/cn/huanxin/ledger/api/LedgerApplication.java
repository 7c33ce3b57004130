package cn.huanxin.ledger.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Huanxin Ledger (换新账本): the audit ledger of the trade-in and equipment-renewal funds.
 */
@SpringBootApplication(scanBasePackages = "cn.huanxin.ledger")
@ConfigurationPropertiesScan("cn.huanxin.ledger")
public class LedgerApplication {

    public static void main(String[] args) {
        // Axon's update checker calls an outside host; a government ledger must never phone home,
        // and the property has to be set before Axon's classes initialise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }
}
