package io.themisdb.encryption.keyring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decrypted keyrings of recently used tenants, least recently used evicted first. Bounded because a
 * node may host thousands of tenants and each decrypted keyring is key material we would rather not
 * keep around longer than needed. Thread-safe.
 */
public final class KeyringCache {

  private final int capacity;
  private final LinkedHashMap<String, TenantKeyring> entries;
  private long hits;
  private long misses;

  public KeyringCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Keyring cache capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TenantKeyring> eldest) {
            return size() > KeyringCache.this.capacity;
          }
        };
  }

  public synchronized Optional<TenantKeyring> get(String tenant) {
    TenantKeyring keyring = entries.get(tenant);
    if (keyring == null) {
      misses++;
    } else {
      hits++;
    }
    return Optional.ofNullable(keyring);
  }

  public synchronized void put(TenantKeyring keyring) {
    entries.put(keyring.tenant(), keyring);
  }

  public synchronized void evict(String tenant) {
    entries.remove(tenant);
  }

  public synchronized void clear() {
    entries.clear();
  }

  public synchronized boolean contains(String tenant) {
    return entries.containsKey(tenant);
  }

  public synchronized int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Hit and miss counts since creation, for metrics. */
  public synchronized Stats stats() {
    return new Stats(hits, misses, entries.size());
  }

  /** Counters only; no tenant data. */
  public record Stats(long hits, long misses, int size) {}

  @Override
  public synchronized String toString() {
    return "KeyringCache[size=" + entries.size() + ", capacity=" + capacity + "]";
  }
}
