package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.RegionTable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The region table ({@code ledger.regions}): which region codes belong to the programme. Ingestion
 * checks posted codes against it and the fraud rules judge deliveries and vehicles by it.
 */
@Configuration(proxyBeanMethods = false)
public class RegionConfiguration {

    @Bean
    public RegionTable regionTable(LedgerProperties properties) {
        return properties.regions() == null || properties.regions().isEmpty()
                ? RegionTable.huaian() : new RegionTable(properties.regions());
    }
}
