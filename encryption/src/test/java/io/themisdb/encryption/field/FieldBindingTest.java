package io.themisdb.encryption.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldBindingTest {

  @Test
  void associatedDataIsTheLengthPrefixedComponentsStoredValuesWereBoundTo() throws IOException {
    // The bytes every stored ciphertext authenticates: they must never change.
    assertThat(new FieldBinding.Randomized("t1", "people", "ssn", "k/ü").associatedData())
        .isEqualTo(encoded("themisdb.field.randomized.v1", "t1", "people", "ssn", "k/ü"));
    assertThat(new FieldBinding.Deterministic("t1", "people", "a.email").associatedData())
        .isEqualTo(encoded("themisdb.field.deterministic.v1", "t1", "people", "a.email"));
  }

  @Test
  void bindingsThatDifferInAnyComponentHaveDifferentAssociatedData() {
    byte[] base = new FieldBinding.Randomized("t1", "c", "f", "k").associatedData();
    assertThat(new FieldBinding.Randomized("t2", "c", "f", "k").associatedData())
        .isNotEqualTo(base);
    assertThat(new FieldBinding.Randomized("t1", "c2", "f", "k").associatedData())
        .isNotEqualTo(base);
    assertThat(new FieldBinding.Randomized("t1", "c", "g", "k").associatedData())
        .isNotEqualTo(base);
    assertThat(new FieldBinding.Randomized("t1", "c", "f", "k2").associatedData())
        .isNotEqualTo(base);
    // the field part is kept per field; the document key must still be appended per call
    assertThat(new FieldBinding.Randomized("t1", "c", "f", "k").associatedData()).isEqualTo(base);
    assertThat(new FieldBinding.Deterministic("t1", "c", "f").associatedData())
        .isNotEqualTo(new FieldBinding.Deterministic("t1", "cf", "").associatedData());
  }

  private static byte[] encoded(String... components) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (String c : components) {
      byte[] utf8 = c.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
    return bytes.toByteArray();
  }
}
