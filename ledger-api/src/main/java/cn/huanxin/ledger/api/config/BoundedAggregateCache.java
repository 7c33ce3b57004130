package cn.huanxin.ledger.api.config;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The aggregates' cache: the most recently used {@code maxEntries} streams, least recently used out
 * first. Axon's {@code CachingEventSourcingRepository} keeps each aggregate here after a command,
 * so the next command on the stream does not read the stream's events from the database again.
 *
 * <p>Bounded by count rather than by the garbage collector (Axon's {@code WeakReferenceCache}): a
 * weakly held entry is gone after the next young collection, which under ingest load comes every
 * few hundred milliseconds, long before a subsidy's payment follows its grant. The ledger's
 * aggregates are a stream id and a counter or two, a few hundred bytes an entry with the map's
 * own, so 100,000 entries stay within a few tens of megabytes.
 *
 * <p>What the cache holds is never newer than what committed: the repository removes an
 * aggregate's entry when the unit of work that loaded or changed it rolls back (for a command in a
 * nested unit of work, also when the enclosing chunk's unit of work rolls back later), and the
 * aggregate's lock is held until the chunk's unit of work has ended. An entry older than the store
 * (another node appended to the stream) makes the next append collide on the stream's sequence
 * number; that chunk rolls back, which removes the entry, and is retried from the store.
 */
final class BoundedAggregateCache implements Cache {

    private final int maxEntries;
    private final LinkedHashMap<Object, Object> entries;
    private final CopyOnWriteArrayList<EntryListener> listeners = new CopyOnWriteArrayList<>();

    BoundedAggregateCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        Object previous = entries.put(key, value);
        if (previous == null) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
            evictEldest();
        } else {
            listeners.forEach(l -> l.onEntryUpdated(key, value));
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object value = get(key);
        if (value == null) {
            value = valueSupplier.get();
            put(key, value);
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object value = entries.get(key);
        if (value != null) {
            put(key, update.apply((V) value));
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(l -> l.onEntryRemoved(key));
        return true;
    }

    @Override
    public synchronized void removeAll() {
        for (Object key : entries.keySet().toArray()) {
            remove(key);
        }
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    synchronized int size() {
        return entries.size();
    }

    private void evictEldest() {
        while (entries.size() > maxEntries) {
            Map.Entry<Object, Object> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
            listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
        }
    }
}
