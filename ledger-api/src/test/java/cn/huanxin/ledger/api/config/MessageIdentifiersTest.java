package cn.huanxin.ledger.api.config;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        String id = factory.generateIdentifier();
                        UUID uuid = UUID.fromString(id);
                        assertThat(uuid.version()).isEqualTo(4);
                        assertThat(uuid.variant()).isEqualTo(2);
                        seen.add(id);
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(seen).hasSize(400_000);
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
