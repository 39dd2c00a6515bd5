package io.themisdb.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.TenantKeysSettings;
import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.EncryptedValueException.Reason;
import io.themisdb.engine.spi.FieldCipher.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's field cipher on real Tink keys: bindings, tampering, rotation, shredding. */
class TenantFieldCipherTest {

  @TempDir Path dir;
  TenantKeys keys;
  TenantFieldCipher cipher;
  final Field ssn = new Field("tenant-a", "people", "ssn");
  final Field email = new Field("tenant-a", "people", "email");

  @BeforeEach
  void start() {
    keys = TenantKeys.open(TenantKeysSettings.local(dir));
    keys.provision("tenant-a");
    keys.provision("tenant-b");
    cipher = new TenantFieldCipher(keys);
  }

  @AfterEach
  void stop() {
    keys.close();
  }

  @Test
  void valuesDecryptOnlyWhereTheyWereWritten() {
    byte[] c = cipher.encryptRandomized(ssn, "doc1", bytes("123"));
    assertThat(cipher.decryptRandomized(ssn, "doc1", c)).isEqualTo(bytes("123"));

    assertReason(() -> cipher.decryptRandomized(ssn, "doc2", c), Reason.TAMPERED);
    assertReason(
        () -> cipher.decryptRandomized(new Field("tenant-a", "people", "tax"), "doc1", c),
        Reason.TAMPERED);
    assertReason(
        () -> cipher.decryptRandomized(new Field("tenant-a", "staff", "ssn"), "doc1", c),
        Reason.TAMPERED);
    assertReason(
        () -> cipher.decryptRandomized(new Field("tenant-b", "people", "ssn"), "doc1", c),
        Reason.TAMPERED);
    assertReason(() -> cipher.decryptDeterministic(email, c), Reason.TAMPERED);
  }

  @Test
  void deterministicValuesAreStableAndProbesCoverOldVersions() {
    byte[] v1 = cipher.encryptDeterministic(email, bytes("\"a@x\""));
    assertThat(cipher.encryptDeterministic(email, bytes("\"a@x\""))).isEqualTo(v1);
    assertThat(cipher.isCurrent(email, null, v1)).isTrue();

    keys.rotate("tenant-a");
    byte[] v2 = cipher.encryptDeterministic(email, bytes("\"a@x\""));
    assertThat(v2).isNotEqualTo(v1);
    assertThat(cipher.isCurrent(email, null, v1)).isFalse();
    assertThat(cipher.deterministicProbes(email, bytes("\"a@x\"")))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).isEqualTo(v1))
        .anySatisfy(p -> assertThat(p).isEqualTo(v2));

    keys.disable("tenant-a", 1);
    assertReason(() -> cipher.decryptDeterministic(email, v1), Reason.KEY_VERSION_UNAVAILABLE);
    assertThat(cipher.decryptDeterministic(email, v2)).isEqualTo(bytes("\"a@x\""));
  }

  @Test
  void shreddedAndMissingKeysSaySo() {
    byte[] c = cipher.encryptRandomized(ssn, "doc1", bytes("123"));
    keys.shred("tenant-a");
    assertReason(() -> cipher.decryptRandomized(ssn, "doc1", c), Reason.KEYS_SHREDDED);
    assertReason(
        () -> cipher.encryptRandomized(new Field("nobody", "c", "f"), "k", bytes("1")),
        Reason.KEYS_UNAVAILABLE);
  }

  private static void assertReason(Runnable work, Reason reason) {
    assertThatThrownBy(work::run)
        .isInstanceOfSatisfying(
            EncryptedValueException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
