package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.LedgerMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's metadata goes from a command to the events it records, and from nothing else: an event
 * being handled by a view gives no correlation data (the views dispatch nothing).
 */
class CorrelationDataTest {

    private final CorrelationDataProvider provider = new AxonConfiguration().ledgerMetadataProvider();

    private static final MetaData LEDGER = MetaData.from(Map.of(LedgerMetadata.SOURCE, "sys-a",
            LedgerMetadata.EVENT_ID, "e-1", "other", "x"));

    @Test
    void aCommandsLedgerMetadataIsCopied() {
        Map<String, Object> data = Map.copyOf(provider.correlationDataFor(
                GenericCommandMessage.asCommandMessage("record").andMetaData(LEDGER)));
        assertThat(data).containsEntry(LedgerMetadata.SOURCE, "sys-a").containsEntry(LedgerMetadata.EVENT_ID, "e-1")
                .doesNotContainKey("other");
    }

    @Test
    void anEventGivesNothing() {
        assertThat(provider.correlationDataFor(GenericEventMessage.asEventMessage("fact").andMetaData(LEDGER)))
                .isEmpty();
    }
}
