package io.themisdb.platform.keys;

import io.themisdb.encryption.TenantKeysSettings;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenant encryption keys ({@code themis.keys.*}); docs/configuration.md lists them.
 *
 * @param dir the local master key ({@code master.key}) and the sealed keyrings ({@code tenants/})
 *     when {@code kms-provider} is {@code local} (application.yml: {@code ${themis.data-dir}/keys})
 * @param kmsProvider which key-encryption-key provider wraps the keyrings
 * @param kms the provider's own settings (for {@code local}: {@code master-key-file})
 * @param cacheCapacity tenants whose decrypted keys stay in memory
 * @param reencryptDocumentsPerSecond how fast background passes rewrite documents, per tenant
 */
@ConfigurationProperties("themis.keys")
public record KeySettings(
    @DefaultValue("./data/keys") Path dir,
    @DefaultValue("local") String kmsProvider,
    Map<String, String> kms,
    @DefaultValue("1024") int cacheCapacity,
    @DefaultValue("2000") double reencryptDocumentsPerSecond) {

  TenantKeysSettings tenantKeys() {
    TenantKeysSettings local = TenantKeysSettings.local(dir);
    Map<String, String> providerSettings =
        kms == null || kms.isEmpty() ? (kmsProvider.equals("local") ? local.kms() : Map.of()) : kms;
    return new TenantKeysSettings(
        local.keyStoreDirectory(), kmsProvider, providerSettings, cacheCapacity);
  }
}
