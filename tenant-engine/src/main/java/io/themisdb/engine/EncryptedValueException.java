package io.themisdb.engine;

/**
 * An encrypted attribute value could not be encrypted or decrypted; {@link #reason()} says why.
 * Thrown by the engine and by {@link io.themisdb.engine.spi.FieldCipher} implementations, which is
 * why its constructor is public.
 */
public final class EncryptedValueException extends EngineException {

  /** Why the value is unreadable. */
  public enum Reason {
    /**
     * The ciphertext does not belong where it was read: copied from another document, attribute,
     * collection or tenant, altered, or plaintext where the policy requires ciphertext.
     */
    TAMPERED,
    /** Its key version is disabled (enable it to read again) or destroyed. */
    KEY_VERSION_UNAVAILABLE,
    /** The tenant's keys were destroyed on purpose (crypto-shredding): unreadable for good. */
    KEYS_SHREDDED,
    /** No keys are available (none provisioned, or the engine has no field cipher). */
    KEYS_UNAVAILABLE
  }

  private final Reason reason;

  public EncryptedValueException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public EncryptedValueException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
