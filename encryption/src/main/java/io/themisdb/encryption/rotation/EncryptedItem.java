package io.themisdb.encryption.rotation;

import io.themisdb.encryption.field.FieldBinding;
import java.util.Objects;

/**
 * One encrypted value that a re-encryption job visits.
 *
 * @param id the item's position in the source's order (for example document key plus attribute);
 *     the checkpoint records the last one done
 * @param binding where the value belongs, which its associated data needs
 * @param ciphertext the value as stored
 */
public record EncryptedItem(String id, FieldBinding binding, byte[] ciphertext) {

  public EncryptedItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  @Override
  public String toString() {
    return "EncryptedItem[" + id + ", " + binding + "]";
  }
}
