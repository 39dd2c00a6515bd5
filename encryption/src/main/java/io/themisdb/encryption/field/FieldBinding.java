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
   * Shared with other calls: callers must not modify it.
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
      byte[] field =
          AssociatedData.field("themisdb.field.randomized.v1", tenant, collection, attributePath);
      byte[] key = documentKey.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[field.length + 4 + key.length];
      System.arraycopy(field, 0, out, 0, field.length);
      AssociatedData.putComponent(out, field.length, key);
      return out;
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
      return AssociatedData.field(
          "themisdb.field.deterministic.v1", tenant, collection, attributePath);
    }
  }
}
