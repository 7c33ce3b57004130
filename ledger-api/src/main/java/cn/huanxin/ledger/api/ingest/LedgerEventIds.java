package cn.huanxin.ledger.api.ingest;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * The ledger event id of each recorded fact: a UUID of version 7 (RFC 9562), whose first 48 bits are
 * the milliseconds since 1970 at which the ledger made it and whose other 74 bits are random, made
 * by FasterXML's generator (java-uuid-generator), which also keeps ids made within one millisecond in
 * the order they were made.
 * <p>
 * Why not random ids (version 4): every table that the ledger keys or indexes by ledger event id —
 * the event store's event identifier, the balance journal, the supervision view's events and links,
 * most fraud rule tables — then inserted each new id at a random place of its index, touching (and,
 * after each checkpoint, logging in full) a page anywhere in an index that grows with the history.
 * Ids that grow with time are added at the right edge of each index, where the pages are already in
 * memory. An id tells when it was made, to the millisecond; the receipt's {@code recordedAt} says
 * the same, so nothing is disclosed that the ledger did not show already. Ids are still unique
 * without coordination between nodes: 74 random bits per millisecond.
 */
final class LedgerEventIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private LedgerEventIds() {
    }

    /** A new ledger event id, in the canonical lower-case text form. */
    static String next() {
        return GENERATOR.generate().toString();
    }
}
