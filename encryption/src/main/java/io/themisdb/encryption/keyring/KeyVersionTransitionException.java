package io.themisdb.encryption.keyring;

/** A key-version change that is not allowed, such as disabling the primary version. */
public final class KeyVersionTransitionException extends TenantKeysException {

  public KeyVersionTransitionException(String message) {
    super(message);
  }
}
