package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which keys of one column of a rule's table may have rows: a Bloom filter, kept in the rule's
 * {@link RuleMemory} beside what the rule keeps itself. A key the filter does not hold has no row in
 * the table, so a batch need not ask the database for it; a key it holds may have rows, and is read
 * as before. A Bloom filter never loses a key it was given, and holds a key it was not given with a
 * small probability ({@link #FALSE_POSITIVES} while it holds at most {@code capacity} keys, more
 * beyond): such a key is read in vain, and nothing else follows from it.
 * <p>
 * Most look-ups of the rules find nothing: in a rebuild of a million generated events, the rules'
 * key look-ups returned 61,257 rows for some 55,000 statements, most of them for keys the batch sees
 * for the first time (a person's first grant, a serial number never sold). The filter answers those
 * without a round trip.
 * <p>
 * A filter is made when a memory that is kept between batches first needs it: from the table's keys,
 * read in pages of {@value #SEED_PAGE} in key order, nothing when the table is empty (after a reset).
 * A table with more than {@code capacity} distinct keys at that moment gets a filter that holds every
 * key — it reads as if there were none — until the memory is forgotten. The rule adds every key it
 * writes a row for ({@link #add}) in the batch that writes it; the memory is forgotten with its filters
 * whenever the tables may hold what it does not know (see {@link RuleMemory}). A memory for one batch
 * only gets a filter that holds every key, without reading the table.
 * <p>
 * Size: 1.5 bytes per key of capacity, whatever the keys' length. A rule's memory makes its filters
 * for twice its bound of entries (the default bound, 500,000, gives filters of 1,000,000 keys and
 * 1.5 MB).
 * <p>
 * The filter is a split-block Bloom filter (Putze, Sanders and Singler's blocked Bloom filter, in the
 * layout Apache Parquet specifies): a key sets one bit in each of the eight 32-bit words of one
 * 32-byte block, so a look-up or an addition reads one block, where a classic Bloom filter — Guava's,
 * which this class used before — reads seven bits scattered over the whole array and sets each with a
 * compare-and-swap. With two dozen filters of 1.5 MB a rule engine's keys missed the caches on nearly
 * every bit: Guava's look-up and addition took 440–1,400 ns a key beside 70–80 ns for the block's.
 * A block filter needs 12 bits per key for a 0.6 % share of false positives at capacity, where a
 * classic one needs 9.6 for 1 %. Not thread-safe: a filter is used by one batch at a time.
 */
public final class KeyFilter {

    /** Keys a filter of forgotten keys ({@code DayMemory}) is made for: 1.5 MB of bits. */
    public static final long DEFAULT_CAPACITY = 1_000_000;

    /** The share of absent keys a filter holds by mistake while it holds at most its capacity. */
    public static final double FALSE_POSITIVES = 0.01;

    /** Keys read per statement while a filter is made from a table. */
    static final int SEED_PAGE = 10_000;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The filter that holds every key: nothing is known, everything is read. */
    private static final KeyFilter EVERY_KEY = new KeyFilter(null);

    /** Bits of the filter per key of its capacity. */
    static final int BITS_PER_KEY = 12;

    /** Bits in one block: eight words of 32. */
    private static final int BLOCK_BITS = 256;

    /** The odd constants that pick a key's bit in each word of its block (Apache Parquet's). */
    private static final int[] SALT = {0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b,
            0x9efc4947, 0x5c6bfb31};

    /** Null: holds every key. Else the blocks, eight words each. */
    private final int[] words;
    private final long blocks;

    private KeyFilter(int[] words) {
        this.words = words;
        this.blocks = words == null ? 0 : words.length / SALT.length;
    }

    /** A filter that holds no key yet, made for {@code capacity} keys. */
    public static KeyFilter empty(long capacity) {
        return new KeyFilter(words(capacity));
    }

    private static int[] words(long capacity) {
        long blocks = Math.max(1, (Math.max(1, capacity) * BITS_PER_KEY + BLOCK_BITS - 1) / BLOCK_BITS);
        if (blocks * SALT.length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a key filter for " + capacity + " keys is too large");
        }
        return new int[Math.toIntExact(blocks * SALT.length)];
    }

    /**
     * What the filter hashes of a key: its {@link String#hashCode()}, spread over 64 bits (MurmurHash3's
     * finalizer), not its characters. Hashing every character took a quarter of an investigation's
     * deciding thread (a key is put or looked up for nearly every event, by several rules); the hash
     * code is kept by the string once made. Two keys with one hash code are one key to the filter: a
     * key may then be read in vain, which the filter allows anyway, and with 32 bits that happens to
     * far fewer keys than {@link #FALSE_POSITIVES} does. The upper half picks the block, the lower half
     * the bits.
     */
    private static long hash(String key) {
        long h = key.hashCode();
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The first word of the key's block. */
    private int block(long hash) {
        return (int) (((hash >>> 32) * blocks) >>> 32) * SALT.length;
    }

    private boolean held(String key) {
        long hash = hash(key);
        int at = block(hash);
        int bits = (int) hash;
        for (int i = 0; i < SALT.length; i++) {
            if ((words[at + i] & (1 << ((bits * SALT[i]) >>> 27))) == 0) {
                return false;
            }
        }
        return true;
    }

    private void put(String key) {
        long hash = hash(key);
        int at = block(hash);
        int bits = (int) hash;
        for (int i = 0; i < SALT.length; i++) {
            words[at + i] |= 1 << ((bits * SALT[i]) >>> 27);
        }
    }

    /** A filter that holds every key, for a memory that is not kept between batches. */
    static KeyFilter everyKey() {
        return EVERY_KEY;
    }

    /**
     * A filter of the keys {@code column} of {@code table} holds now, read through {@code jdbc}; one that
     * holds every key when there are more than {@code capacity} distinct ones.
     */
    static KeyFilter of(JdbcTemplate jdbc, String table, String column, long capacity) {
        return of(jdbc, table, column, capacity, SEED_PAGE);
    }

    /** {@link #of(JdbcTemplate, String, String, long)}, reading {@code page} keys per statement. */
    static KeyFilter of(JdbcTemplate jdbc, String table, String column, long capacity, int page) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("not a table and column name: " + table + "." + column);
        }
        if (capacity < 1) {
            return EVERY_KEY;
        }
        KeyFilter filter = empty(capacity);
        String first = "SELECT DISTINCT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL ORDER BY "
                + column + " LIMIT " + page;
        String next = "SELECT DISTINCT " + column + " FROM " + table + " WHERE " + column + " > ? ORDER BY "
                + column + " LIMIT " + page;
        long keys = 0;
        List<String> read = jdbc.queryForList(first, String.class);
        while (!read.isEmpty()) {
            keys += read.size();
            if (keys > capacity) {
                return EVERY_KEY;
            }
            read.forEach(filter::put);
            if (read.size() < page) {
                break;
            }
            read = jdbc.queryForList(next, String.class, read.get(read.size() - 1));
        }
        return filter;
    }

    /** Whether the table may have rows of the key; false only when it has none. */
    public boolean mayHold(String key) {
        return words == null || key == null || held(key);
    }

    /** The keys the table may have rows of, in their order. */
    public List<String> mayHold(Collection<String> keys) {
        List<String> kept = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (mayHold(key)) {
                kept.add(key);
            }
        }
        return kept;
    }

    /** The table has (or is about to have, in the batch at hand) a row of the key. */
    public void add(String key) {
        if (words != null && key != null) {
            put(key);
        }
    }

    /** Whether the filter knows anything: false for one that holds every key. */
    public boolean filters() {
        return words != null;
    }
}
