package cn.huanxin.ledger.api.config;

import org.axonframework.common.IdentifierFactory;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identifiers Axon gives the messages it makes (found through {@code META-INF/services}): every
 * command, every result of a command or of an event handler, every event before the ledger gives it
 * its own id ({@code AxonConfiguration.LedgerEventIdentity}). Axon's default draws each from
 * {@link SecureRandom} ({@link UUID#randomUUID}), which was some 2 % of an ingest's samples, spent on
 * ids most of which live for one command.
 *
 * <p>These are version 4 UUIDs whose first half is drawn from {@link SecureRandom} once per JVM and
 * whose second half counts from a random start: no two of one JVM are equal (the counter would have
 * to go round 2^62 times), and two JVMs share an id only if they drew the same 60 bits. They are not
 * secrets: nothing in the ledger uses a message identifier as one, and the ids a client sees (ledger
 * event ids, request ids) are made elsewhere.
 */
public final class MessageIdentifiers extends IdentifierFactory {

    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_RFC_4122 = 0x8000_0000_0000_0000L;

    private final long mostSignificant;
    private final AtomicLong counter;

    public MessageIdentifiers() {
        SecureRandom random = new SecureRandom();
        this.mostSignificant = (random.nextLong() & ~0xF000L) | VERSION_4;
        this.counter = new AtomicLong(random.nextLong());
    }

    @Override
    public String generateIdentifier() {
        long leastSignificant = (counter.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | VARIANT_RFC_4122;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
