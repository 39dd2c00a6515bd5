package io.themisdb.encryption.keyring;

/**
 * A stored keyring could not be unwrapped: its KEK was retired or is unreachable, or the stored
 * bytes were altered or copied from another tenant. Fails closed; nothing is decrypted.
 */
public final class KeyringUnreadableException extends TenantKeysException {

  public KeyringUnreadableException(String message, Throwable cause) {
    super(message, cause);
  }
}
