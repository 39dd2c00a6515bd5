package io.themisdb.encryption.keyring;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decrypted keyrings of recently used tenants, least recently used evicted first. Bounded because a
 * node may host thousands of tenants and each decrypted keyring is key material we would rather not
 * keep around longer than needed. Thread-safe.
 *
 * <p>Every field value encrypted or decrypted looks its keyring up here, so a hit takes no lock and
 * in the steady state writes nothing shared but a striped counter. Recency is kept as a stamp per
 * entry from a clock that only a {@link #put} advances: eviction (which happens only in a put)
 * removes the entry with the oldest stamp, exactly as strict LRU would except between entries used
 * since the same put, whose order no eviction looks at before they are all used again.
 */
public final class KeyringCache {

  private final int capacity;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Advanced twice by each put: once for the new entry, once so that later uses sort after it. */
  private volatile long clock;

  public KeyringCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Keyring cache capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  public Optional<TenantKeyring> get(String tenant) {
    Entry entry = entries.get(tenant);
    if (entry == null) {
      misses.increment();
      return Optional.empty();
    }
    hits.increment();
    long now = clock;
    if (entry.lastUsed != now) {
      entry.lastUsed = now;
    }
    return Optional.of(entry.keyring);
  }

  /** Adds or replaces the tenant's keyring, evicting the least recently used one at capacity. */
  public synchronized void put(TenantKeyring keyring) {
    long stamp = clock + 1;
    clock = stamp + 1;
    entries.put(keyring.tenant(), new Entry(keyring, stamp));
    while (entries.size() > capacity) {
      String eldest = null;
      long oldest = Long.MAX_VALUE;
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (e.getValue().lastUsed < oldest) {
          oldest = e.getValue().lastUsed;
          eldest = e.getKey();
        }
      }
      if (eldest != null) { // null only if a concurrent evict or clear emptied the map
        entries.remove(eldest);
      }
    }
  }

  public void evict(String tenant) {
    entries.remove(tenant);
  }

  public void clear() {
    entries.clear();
  }

  public boolean contains(String tenant) {
    return entries.containsKey(tenant);
  }

  public int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Hit and miss counts since creation, for metrics. */
  public Stats stats() {
    return new Stats(hits.sum(), misses.sum(), entries.size());
  }

  /** Counters only; no tenant data. */
  public record Stats(long hits, long misses, int size) {}

  @Override
  public String toString() {
    return "KeyringCache[size=" + entries.size() + ", capacity=" + capacity + "]";
  }

  private static final class Entry {
    final TenantKeyring keyring;

    /** Racy on purpose: a lost update only makes an entry look a little older. */
    volatile long lastUsed;

    Entry(TenantKeyring keyring, long lastUsed) {
      this.keyring = keyring;
      this.lastUsed = lastUsed;
    }
  }
}
