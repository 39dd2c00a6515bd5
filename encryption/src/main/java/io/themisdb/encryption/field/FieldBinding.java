package io.themisdb.encryption.field;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where an encrypted value belongs. It becomes the associated data of the ciphertext, so a
 * ciphertext copied to another tenant, collection, attribute (or, for randomized fields, document)
 * no longer authenticates.
 */
public sealed interface FieldBinding permits FieldBinding.Randomized, FieldBinding.Deterministic {

  String tenant();

  String collection();

  String attributePath();

  /**
   * The associated data: a label and length-prefixed UTF-8 components, so no two bindings share it.
   */
  byte[] associatedData();

  /** A randomized field: AES256_GCM, bound to the document, no equality lookups. */
  record Randomized(String tenant, String collection, String attributePath, String documentKey)
      implements FieldBinding {

    public Randomized {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(attributePath, "attributePath");
      Objects.requireNonNull(documentKey, "documentKey");
    }

    @Override
    public byte[] associatedData() {
      return encode("themisdb.field.randomized.v1", tenant, collection, attributePath, documentKey);
    }
  }

  /**
   * A deterministic field: AES256_SIV, equal plaintexts give equal ciphertexts within the field so
   * that equality indexes work. Not bound to the document, or equal values in two documents would
   * differ.
   */
  record Deterministic(String tenant, String collection, String attributePath)
      implements FieldBinding {

    public Deterministic {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(attributePath, "attributePath");
    }

    @Override
    public byte[] associatedData() {
      return encode("themisdb.field.deterministic.v1", tenant, collection, attributePath);
    }
  }

  /** Exactly sized, one pass: every encryption and decryption builds its binding's (issue #6). */
  private static byte[] encode(String... components) {
    byte[][] utf8 = new byte[components.length][];
    int length = 0;
    for (int i = 0; i < components.length; i++) {
      utf8[i] = components[i].getBytes(StandardCharsets.UTF_8);
      length += 4 + utf8[i].length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] bytes : utf8) {
      out[at] = (byte) (bytes.length >>> 24);
      out[at + 1] = (byte) (bytes.length >>> 16);
      out[at + 2] = (byte) (bytes.length >>> 8);
      out[at + 3] = (byte) bytes.length;
      System.arraycopy(bytes, 0, out, at + 4, bytes.length);
      at += 4 + bytes.length;
    }
    return out;
  }
}
