package io.themisdb.encryption.keyring;

import java.time.Instant;

/**
 * The tenant's keysets were destroyed on purpose (crypto-shredding): everything encrypted under
 * them, backups included, is unreadable for good. Keys come back only through an explicit
 * re-provisioning call, and even then old ciphertexts stay unreadable.
 */
public final class TenantKeysShreddedException extends TenantKeysException {

  private final String tenant;
  private final Instant shreddedAt;

  public TenantKeysShreddedException(String tenant, Instant shreddedAt) {
    super(
        "The encryption keys of tenant "
            + tenant
            + " were shredded at "
            + shreddedAt
            + "; data encrypted under them cannot be decrypted");
    this.tenant = tenant;
    this.shreddedAt = shreddedAt;
  }

  public String tenant() {
    return tenant;
  }

  public Instant shreddedAt() {
    return shreddedAt;
  }
}
