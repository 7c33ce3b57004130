package cn.huanxin.ledger.api.config;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon finds the ledger's identifier factory, and its identifiers are version 4 UUIDs in their usual
 * text, none repeated across threads, and different between two factories (two JVMs).
 */
class MessageIdentifiersTest {

    @Test
    void axonUsesTheLedgersFactoryForItsMessages() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(MessageIdentifiers.class);
        String id = new GenericMessage<>("payload").getIdentifier();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void noIdentifierRepeatsAcrossThreads() throws Exception {
        MessageIdentifiers factory = new MessageIdentifiers();
        Set<String> made = ManyThreads.distinct(factory::generateIdentifier, 4, 100_000);
        assertThat(made).hasSize(400_000);
        for (String id : made) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    void twoFactoriesDrawDifferentIdentifiers() {
        Set<String> first = new HashSet<>();
        MessageIdentifiers a = new MessageIdentifiers();
        for (int i = 0; i < 10_000; i++) {
            first.add(a.generateIdentifier());
        }
        MessageIdentifiers b = new MessageIdentifiers();
        for (int i = 0; i < 10_000; i++) {
            assertThat(first).doesNotContain(b.generateIdentifier());
        }
    }
}
