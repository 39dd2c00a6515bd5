package io.themisdb.encryption.field;

/**
 * The wire form of an encrypted field value: one format byte ({@code 'R'} randomized, {@code 'D'}
 * deterministic, version 1), then Tink's ciphertext, which starts with {@code 0x01} and the 4-byte
 * big-endian id of the key that encrypted it. The key id is what lets old ciphertexts find their
 * key version after rotation. Six bytes of overhead plus Tink's (28 for GCM, 16 for SIV).
 *
 * @param kind which cipher produced it
 * @param keyId the Tink key id inside
 */
public record FieldCiphertext(Kind kind, int keyId) {

  static final byte RANDOMIZED_V1 = 'R';
  static final byte DETERMINISTIC_V1 = 'D';
  private static final byte TINK_PREFIX = 0x01;
  static final int HEADER_LENGTH = 6;

  /** The two field ciphers. */
  public enum Kind {
    RANDOMIZED,
    DETERMINISTIC
  }

  /**
   * Reads the header of a stored value.
   *
   * @throws IllegalArgumentException if it is not a field ciphertext
   */
  public static FieldCiphertext parse(byte[] ciphertext) {
    if (ciphertext == null || ciphertext.length <= HEADER_LENGTH) {
      throw new IllegalArgumentException("Too short to be an encrypted field value");
    }
    Kind kind =
        switch (ciphertext[0]) {
          case RANDOMIZED_V1 -> Kind.RANDOMIZED;
          case DETERMINISTIC_V1 -> Kind.DETERMINISTIC;
          default -> throw new IllegalArgumentException("Unknown encrypted field format");
        };
    if (ciphertext[1] != TINK_PREFIX) {
      throw new IllegalArgumentException("Unknown key prefix in encrypted field value");
    }
    int keyId =
        (ciphertext[2] & 0xff) << 24
            | (ciphertext[3] & 0xff) << 16
            | (ciphertext[4] & 0xff) << 8
            | (ciphertext[5] & 0xff);
    return new FieldCiphertext(kind, keyId);
  }

  /** Whether {@code value} looks like a field ciphertext (format byte and Tink prefix). */
  public static boolean isEncrypted(byte[] value) {
    return value != null
        && value.length > HEADER_LENGTH
        && (value[0] == RANDOMIZED_V1 || value[0] == DETERMINISTIC_V1)
        && value[1] == TINK_PREFIX;
  }

  static byte[] wrap(byte format, byte[] tinkCiphertext) {
    byte[] out = new byte[tinkCiphertext.length + 1];
    out[0] = format;
    System.arraycopy(tinkCiphertext, 0, out, 1, tinkCiphertext.length);
    return out;
  }

  static byte[] unwrap(byte[] ciphertext) {
    byte[] tink = new byte[ciphertext.length - 1];
    System.arraycopy(ciphertext, 1, tink, 0, tink.length);
    return tink;
  }
}
