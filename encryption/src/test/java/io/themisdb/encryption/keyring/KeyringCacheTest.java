package io.themisdb.encryption.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyringCacheTest {

  private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

  @Test
  void leastRecentlyUsedTenantIsEvictedAtCapacity() {
    KeyringCache cache = new KeyringCache(2);
    cache.put(TenantKeyring.generate("a", T0));
    cache.put(TenantKeyring.generate("b", T0));
    cache.get("a");

    cache.put(TenantKeyring.generate("c", T0));

    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.contains("b")).isFalse();
    assertThat(cache.contains("c")).isTrue();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void replacingATenantsKeyringAtCapacityEvictsNobody() {
    KeyringCache cache = new KeyringCache(2);
    cache.put(TenantKeyring.generate("a", T0));
    cache.put(TenantKeyring.generate("b", T0));
    TenantKeyring rotated = TenantKeyring.generate("a", T0).rotate(T0);

    cache.put(rotated);

    assertThat(cache.get("a")).containsSame(rotated);
    assertThat(cache.contains("b")).isTrue();
  }

  @Test
  void evictionFollowsUseAcrossSeveralPuts() {
    KeyringCache cache = new KeyringCache(3);
    cache.put(TenantKeyring.generate("a", T0));
    cache.put(TenantKeyring.generate("b", T0));
    cache.put(TenantKeyring.generate("c", T0));
    cache.get("a");
    cache.put(TenantKeyring.generate("d", T0)); // b is the least recently used
    cache.get("c");

    cache.put(TenantKeyring.generate("e", T0)); // now a: used before d was put and c was read

    assertThat(cache.contains("a")).isFalse();
    assertThat(cache.contains("b")).isFalse();
    assertThat(cache.contains("c")).isTrue();
    assertThat(cache.contains("d")).isTrue();
    assertThat(cache.contains("e")).isTrue();
  }

  @Test
  void evictedTenantMisses() {
    KeyringCache cache = new KeyringCache(2);
    cache.put(TenantKeyring.generate("a", T0));

    cache.evict("a");

    assertThat(cache.get("a")).isEmpty();
    assertThat(cache.stats()).isEqualTo(new KeyringCache.Stats(0, 1, 0));
  }

  @Test
  void statsCountHitsAndMisses() {
    KeyringCache cache = new KeyringCache(4);
    cache.put(TenantKeyring.generate("a", T0));

    cache.get("a");
    cache.get("b");

    assertThat(cache.stats()).isEqualTo(new KeyringCache.Stats(1, 1, 1));
  }
}
