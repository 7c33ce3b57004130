package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.security.ClientProperties;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientEventTypesCheckTest {

    private static final String HASH = "{noop}secret";

    @Test
    void refusesAClientAllowedAnUnknownEventType() {
        ClientRegistry clients = new ClientRegistry(new ClientProperties(false, List.of(
                new ClientProperties.Client("dealer", HASH, Role.SOURCE, List.of("SubsidyGranted", "SubsidyGrnted"), false))));

        assertThatThrownBy(() -> ClientEventTypesCheck.check(clients, new EventTypeCatalog()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("client dealer lists unknown event type SubsidyGrnted");
    }

    @Test
    void acceptsKnownTypesAndTheWildcard() {
        ClientRegistry clients = new ClientRegistry(new ClientProperties(false, List.of(
                new ClientProperties.Client("dealer", HASH, Role.SOURCE, List.of("SubsidyGranted"), false),
                new ClientProperties.Client("importer", HASH, Role.SOURCE, List.of("*"), true))));

        assertThatCode(() -> ClientEventTypesCheck.check(clients, new EventTypeCatalog())).doesNotThrowAnyException();
    }
}
