package io.themisdb.encryption.field;

import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.TenantKeysException;

/**
 * The ciphertext is the tenant's, but its key version is disabled (enable it again to read) or
 * destroyed (unreadable for good).
 */
public final class KeyVersionUnavailableException extends TenantKeysException {

  private final String tenant;
  private final KeyVersion version;

  public KeyVersionUnavailableException(String tenant, KeyVersion version) {
    super(
        "Key version "
            + version.version()
            + " of tenant "
            + tenant
            + " is "
            + version.status()
            + " since "
            + version.statusSince()
            + "; values encrypted under it cannot be decrypted");
    this.tenant = tenant;
    this.version = version;
  }

  public String tenant() {
    return tenant;
  }

  public KeyVersion version() {
    return version;
  }
}
