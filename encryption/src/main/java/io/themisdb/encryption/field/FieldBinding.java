package io.themisdb.encryption.field;

import java.io.ByteArrayOutputStream;
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

  private static byte[] encode(String... components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String component : components) {
      byte[] bytes = component.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 24);
      out.write(bytes.length >>> 16);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
