package io.themisdb.encryption.keyring;

/**
 * Base of the module's precise failures, so that platform-api can map each subtype to its own
 * problem type and catch the rest in one place. Messages name tenants, collections and key
 * versions, never key material or plaintext.
 */
public abstract class TenantKeysException extends RuntimeException {

  protected TenantKeysException(String message) {
    super(message);
  }

  protected TenantKeysException(String message, Throwable cause) {
    super(message, cause);
  }
}
