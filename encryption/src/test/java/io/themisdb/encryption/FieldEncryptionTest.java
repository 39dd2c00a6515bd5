package io.themisdb.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.encryption.field.CiphertextMismatchException;
import io.themisdb.encryption.field.CiphertextMismatchException.Reason;
import io.themisdb.encryption.field.FieldCiphertext;
import io.themisdb.encryption.keyring.TenantKeysNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldEncryptionTest {

  private static final byte[] SSN = "078-05-1120".getBytes(StandardCharsets.UTF_8);

  @TempDir Path directory;
  private TenantKeys keys;

  @BeforeEach
  void provision() {
    keys = TenantKeys.open(TenantKeysSettings.local(directory));
    keys.provision("acme");
    keys.provision("globex");
  }

  @AfterEach
  void close() {
    keys.close();
  }

  private static void assertMismatch(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CiphertextMismatchException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void randomizedFieldRoundTrips() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", ciphertext)).isEqualTo(SSN);
  }

  @Test
  void deterministicFieldRoundTrips() {
    byte[] ciphertext = keys.encryptDeterministic("acme", "people", "email", SSN);

    assertThat(keys.decryptDeterministic("acme", "people", "email", ciphertext)).isEqualTo(SSN);
  }

  @Test
  void emptyValueRoundTrips() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", new byte[0]);

    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", ciphertext)).isEmpty();
  }

  @Test
  void randomizedEncryptionOfEqualValuesGivesDifferentCiphertexts() {
    assertThat(keys.encryptRandomized("acme", "people", "ssn", "p1", SSN))
        .isNotEqualTo(keys.encryptRandomized("acme", "people", "ssn", "p1", SSN));
  }

  @Test
  void deterministicEncryptionOfEqualValuesInOneFieldGivesEqualCiphertexts() {
    assertThat(keys.encryptDeterministic("acme", "people", "email", SSN))
        .isEqualTo(keys.encryptDeterministic("acme", "people", "email", SSN));
  }

  @Test
  void deterministicEncryptionDiffersAcrossFieldsCollectionsAndTenants() {
    byte[] reference = keys.encryptDeterministic("acme", "people", "email", SSN);

    assertThat(keys.encryptDeterministic("acme", "people", "phone", SSN)).isNotEqualTo(reference);
    assertThat(keys.encryptDeterministic("acme", "staff", "email", SSN)).isNotEqualTo(reference);
    assertThat(keys.encryptDeterministic("globex", "people", "email", SSN)).isNotEqualTo(reference);
  }

  @Test
  void ciphertextCarriesTheKeyIdOfThePrimaryVersion() {
    byte[] randomized = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);
    byte[] deterministic = keys.encryptDeterministic("acme", "people", "email", SSN);

    var primary = keys.keyVersions("acme").getFirst();
    assertThat(FieldCiphertext.parse(randomized).keyId()).isEqualTo(primary.randomizedKeyId());
    assertThat(FieldCiphertext.parse(deterministic).keyId())
        .isEqualTo(primary.deterministicKeyId());
  }

  @Test
  void ciphertextMovedToAnotherDocumentFailsToDecrypt() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    assertMismatch(
        () -> keys.decryptRandomized("acme", "people", "ssn", "p2", ciphertext),
        Reason.NOT_AUTHENTIC);
  }

  @Test
  void ciphertextMovedToAnotherFieldFailsToDecrypt() {
    byte[] randomized = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);
    byte[] deterministic = keys.encryptDeterministic("acme", "people", "email", SSN);

    assertMismatch(
        () -> keys.decryptRandomized("acme", "people", "taxId", "p1", randomized),
        Reason.NOT_AUTHENTIC);
    assertMismatch(
        () -> keys.decryptDeterministic("acme", "people", "phone", deterministic),
        Reason.NOT_AUTHENTIC);
  }

  @Test
  void ciphertextMovedToAnotherCollectionFailsToDecrypt() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    assertMismatch(
        () -> keys.decryptRandomized("acme", "staff", "ssn", "p1", ciphertext),
        Reason.NOT_AUTHENTIC);
  }

  @Test
  void ciphertextMovedToAnotherTenantFailsToDecrypt() {
    byte[] randomized = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);
    byte[] deterministic = keys.encryptDeterministic("acme", "people", "email", SSN);

    assertMismatch(
        () -> keys.decryptRandomized("globex", "people", "ssn", "p1", randomized),
        Reason.FOREIGN_KEY);
    assertMismatch(
        () -> keys.decryptDeterministic("globex", "people", "email", deterministic),
        Reason.FOREIGN_KEY);
  }

  @Test
  void ciphertextWithAFlippedByteFailsToDecrypt() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);
    byte[] flipped = ciphertext.clone();
    flipped[flipped.length - 3] ^= 0x01;

    assertMismatch(
        () -> keys.decryptRandomized("acme", "people", "ssn", "p1", flipped), Reason.NOT_AUTHENTIC);
  }

  @Test
  void ciphertextWithAFlippedKeyIdByteFailsAsForeign() {
    byte[] ciphertext = keys.encryptDeterministic("acme", "people", "email", SSN);
    byte[] flipped = ciphertext.clone();
    flipped[3] ^= 0x40;

    assertMismatch(
        () -> keys.decryptDeterministic("acme", "people", "email", flipped), Reason.FOREIGN_KEY);
  }

  @Test
  void randomizedCiphertextReadAsDeterministicFailsAsWrongKind() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    assertMismatch(
        () -> keys.decryptDeterministic("acme", "people", "ssn", ciphertext), Reason.WRONG_KIND);
  }

  @Test
  void plaintextReadAsCiphertextFailsAsMalformed() {
    assertMismatch(
        () -> keys.decryptRandomized("acme", "people", "ssn", "p1", SSN), Reason.MALFORMED);
    assertMismatch(
        () -> keys.decryptRandomized("acme", "people", "ssn", "p1", new byte[0]), Reason.MALFORMED);
  }

  @Test
  void mismatchMessageNamesWhereTheValueWasReadButNotTheValue() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    assertThatThrownBy(() -> keys.decryptRandomized("acme", "people", "ssn", "p2", ciphertext))
        .hasMessageContaining("tenant acme")
        .hasMessageContaining("collection people")
        .hasMessageContaining("attribute ssn")
        .hasMessageContaining("document p2")
        .hasMessageNotContaining("078-05-1120");
  }

  @Test
  void tenantWithoutKeysFailsAsNotFound() {
    assertThatThrownBy(() -> keys.encryptRandomized("initech", "people", "ssn", "p1", SSN))
        .isInstanceOf(TenantKeysNotFoundException.class)
        .hasMessageContaining("initech");
  }

  @Test
  void provisioningTwiceKeepsTheExistingKeys() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);

    keys.provision("acme");
    keys.evict("acme");

    assertThat(keys.keyVersions("acme")).hasSize(1);
    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", ciphertext)).isEqualTo(SSN);
  }

  @Test
  void keysSurviveARestart() {
    byte[] ciphertext = keys.encryptRandomized("acme", "people", "ssn", "p1", SSN);
    keys.close();

    keys = TenantKeys.open(TenantKeysSettings.local(directory));

    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", ciphertext)).isEqualTo(SSN);
  }
}
