package io.themisdb.encryption.keyring;

/** The tenant never had keys (or they were never provisioned): not the same as shredded. */
public final class TenantKeysNotFoundException extends TenantKeysException {

  private final String tenant;

  public TenantKeysNotFoundException(String tenant) {
    super("Tenant " + tenant + " has no encryption keys; provision them first");
    this.tenant = tenant;
  }

  public String tenant() {
    return tenant;
  }
}
