package io.themisdb.engine.document;

import io.themisdb.engine.InvalidDocumentException;
import java.nio.charset.StandardCharsets;

/** Document keys: the charset and length ArangoDB allows, so keys can appear in URLs and ids. */
public final class DocumentKeys {

  public static final int MAX_LENGTH = 254;
  private static final String PUNCTUATION = "_-:.@()+,=;$!*'%";

  /** Allowed ASCII characters, looked up once per character on every read and write. */
  private static final boolean[] ALLOWED = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ALLOWED[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || PUNCTUATION.indexOf(c) >= 0;
    }
  }

  private DocumentKeys() {}

  /** Fails with {@link InvalidDocumentException} unless {@code key} is a valid document key. */
  public static String validate(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidDocumentException("_key must be a non-empty string");
    }
    if (key.length() > MAX_LENGTH) {
      throw new InvalidDocumentException("_key is longer than " + MAX_LENGTH + " bytes");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 128 || !ALLOWED[c]) {
        throw new InvalidDocumentException(
            "_key '" + key + "' contains '" + c + "'; allowed: A-Z a-z 0-9 " + PUNCTUATION);
      }
    }
    return key;
  }

  /** UTF-8 bytes of a valid key; ASCII only, so one byte per character. */
  public static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.US_ASCII);
  }
}
