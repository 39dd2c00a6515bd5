package io.themisdb.encryption.keyring;

/** Lifecycle of a key version; each transition is refused unless listed on the constant. */
public enum KeyVersionStatus {
  /** Encrypts new values and decrypts; exactly one version is primary. */
  PRIMARY(1),
  /** Decrypts old values; becomes enabled when a rotation makes a newer version primary. */
  ENABLED(2),
  /** Decrypts nothing but can be enabled again; the safety step before destroying. */
  DISABLED(3),
  /** Key material deleted; ciphertexts under it are unreadable for good. */
  DESTROYED(4);

  private final int code;

  KeyVersionStatus(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static KeyVersionStatus ofCode(int code) {
    for (KeyVersionStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("Unknown key version status code " + code);
  }
}
