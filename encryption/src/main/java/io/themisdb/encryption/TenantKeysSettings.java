package io.themisdb.encryption;

import io.themisdb.encryption.kms.local.LocalKekProviderFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the encryption module (platform-api binds them from {@code themisdb.encryption.*}).
 *
 * @param keyStoreDirectory where sealed keyrings live, one directory per tenant; default {@code
 *     data/keys/tenants}
 * @param kmsProvider id of the {@link io.themisdb.encryption.kms.KekProviderFactory}; default
 *     {@code local}
 * @param kms the provider's own settings; for {@code local}, {@code master-key-file} (default
 *     {@code data/keys/master.key})
 * @param cacheCapacity how many tenants' decrypted keyrings stay in memory; default 1024
 */
public record TenantKeysSettings(
    Path keyStoreDirectory, String kmsProvider, Map<String, String> kms, int cacheCapacity) {

  public static final Path DEFAULT_KEY_STORE_DIRECTORY = Path.of("data", "keys", "tenants");
  public static final int DEFAULT_CACHE_CAPACITY = 1024;

  public TenantKeysSettings {
    keyStoreDirectory = Objects.requireNonNullElse(keyStoreDirectory, DEFAULT_KEY_STORE_DIRECTORY);
    kmsProvider =
        kmsProvider == null || kmsProvider.isBlank() ? LocalKekProviderFactory.ID : kmsProvider;
    kms = kms == null ? Map.of() : Map.copyOf(kms);
    cacheCapacity = cacheCapacity <= 0 ? DEFAULT_CACHE_CAPACITY : cacheCapacity;
  }

  /** All defaults: local master key and key store under {@code data/keys}. */
  public static TenantKeysSettings defaults() {
    return new TenantKeysSettings(null, null, null, 0);
  }

  /** Local provider with the master key file and key store in {@code directory}. */
  public static TenantKeysSettings local(Path directory) {
    return new TenantKeysSettings(
        directory.resolve("tenants"),
        LocalKekProviderFactory.ID,
        Map.of(LocalKekProviderFactory.MASTER_KEY_FILE, directory.resolve("master.key").toString()),
        0);
  }
}
