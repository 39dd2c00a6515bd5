package io.themisdb.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.themisdb.encryption.field.FieldBinding;
import io.themisdb.encryption.field.FieldCiphertext;
import io.themisdb.encryption.field.KeyVersionUnavailableException;
import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.KeyVersionStatus;
import io.themisdb.encryption.keyring.KeyVersionTransitionException;
import io.themisdb.encryption.keyring.TenantKeyring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {

  private static final byte[] VALUE = "alice@example.com".getBytes(StandardCharsets.UTF_8);

  @TempDir Path directory;
  private TenantKeys keys;

  @BeforeEach
  void provision() {
    keys = TenantKeys.open(TenantKeysSettings.local(directory));
    keys.provision("acme");
  }

  @AfterEach
  void close() {
    keys.close();
  }

  @Test
  void oldCiphertextsStillDecryptAfterRotation() {
    byte[] randomized = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    byte[] deterministic = keys.encryptDeterministic("acme", "people", "email", VALUE);

    keys.rotate("acme");

    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", randomized)).isEqualTo(VALUE);
    assertThat(keys.decryptDeterministic("acme", "people", "email", deterministic))
        .isEqualTo(VALUE);
  }

  @Test
  void newWritesUseTheNewKeyIdAtOnce() {
    byte[] before = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);

    KeyVersion rotated = keys.rotate("acme");
    byte[] after = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    byte[] deterministicAfter = keys.encryptDeterministic("acme", "people", "email", VALUE);

    assertThat(rotated.version()).isEqualTo(2);
    assertThat(FieldCiphertext.parse(after).keyId()).isEqualTo(rotated.randomizedKeyId());
    assertThat(FieldCiphertext.parse(before).keyId()).isNotEqualTo(rotated.randomizedKeyId());
    assertThat(FieldCiphertext.parse(deterministicAfter).keyId())
        .isEqualTo(rotated.deterministicKeyId());
  }

  @Test
  void keyVersionsListStatusAndCreationTime() {
    keys.rotate("acme");
    keys.rotate("acme");
    keys.disable("acme", 1);

    assertThat(keys.keyVersions("acme"))
        .extracting(KeyVersion::version, KeyVersion::status)
        .containsExactly(
            tuple(1, KeyVersionStatus.DISABLED),
            tuple(2, KeyVersionStatus.ENABLED),
            tuple(3, KeyVersionStatus.PRIMARY));
    assertThat(keys.keyVersions("acme")).allSatisfy(v -> assertThat(v.createdAt()).isNotNull());
  }

  @Test
  void primaryVersionCannotBeDisabledOrDestroyed() {
    keys.rotate("acme");

    assertThatThrownBy(() -> keys.disable("acme", 2))
        .isInstanceOf(KeyVersionTransitionException.class)
        .hasMessageContaining("primary");
    assertThatThrownBy(() -> keys.destroy("acme", 2))
        .isInstanceOf(KeyVersionTransitionException.class);
  }

  @Test
  void disabledVersionRefusesToDecryptUntilEnabledAgain() {
    byte[] old = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    keys.rotate("acme");

    keys.disable("acme", 1);

    assertThatThrownBy(() -> keys.decryptRandomized("acme", "people", "ssn", "p1", old))
        .isInstanceOfSatisfying(
            KeyVersionUnavailableException.class,
            e -> assertThat(e.version().status()).isEqualTo(KeyVersionStatus.DISABLED));
    keys.enable("acme", 1);
    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", old)).isEqualTo(VALUE);
  }

  @Test
  void destroyedVersionMakesItsCiphertextsUnreadableForGood() {
    byte[] old = keys.encryptDeterministic("acme", "people", "email", VALUE);
    keys.rotate("acme");
    keys.disable("acme", 1);

    keys.destroy("acme", 1);
    keys.close();
    keys = TenantKeys.open(TenantKeysSettings.local(directory));

    assertThatThrownBy(() -> keys.decryptDeterministic("acme", "people", "email", old))
        .isInstanceOf(KeyVersionUnavailableException.class)
        .hasMessageContaining("DESTROYED");
    assertThatThrownBy(() -> keys.enable("acme", 1))
        .isInstanceOf(KeyVersionTransitionException.class);
  }

  @Test
  void equalityProbesMatchValuesUnderEveryReadableVersion() {
    byte[] underV1 = keys.encryptDeterministic("acme", "people", "email", VALUE);
    keys.rotate("acme");
    byte[] underV2 = keys.encryptDeterministic("acme", "people", "email", VALUE);

    var probes = keys.deterministicProbes("acme", "people", "email", VALUE);

    assertThat(probes).hasSize(2);
    assertThat(probes.get(0)).isEqualTo(underV2);
    assertThat(probes.get(1)).isEqualTo(underV1);
    keys.disable("acme", 1);
    assertThat(keys.deterministicProbes("acme", "people", "email", VALUE))
        .singleElement()
        .isEqualTo(underV2);
  }

  @Test
  void rotationEvictsTheCachedKeyring() {
    keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    TenantKeyring before = keys.keyring("acme");
    assertThat(keys.cache().contains("acme")).isTrue();

    keys.rotate("acme");

    assertThat(keys.cache().contains("acme")).isFalse();
    TenantKeyring after = keys.keyring("acme");
    assertThat(after).isNotSameAs(before);
    assertThat(after.primary().version()).isEqualTo(2);
  }

  @Test
  void disableAndDestroyEvictTheCachedKeyring() {
    keys.rotate("acme");
    keys.keyring("acme");

    keys.disable("acme", 1);
    assertThat(keys.cache().contains("acme")).isFalse();

    keys.keyring("acme");
    keys.destroy("acme", 1);
    assertThat(keys.cache().contains("acme")).isFalse();
  }

  @Test
  void reencryptMovesAValueToThePrimaryVersion() {
    FieldBinding binding = new FieldBinding.Randomized("acme", "people", "ssn", "p1");
    byte[] old = keys.encrypt(binding, VALUE);
    keys.rotate("acme");

    byte[] current = keys.reencrypt(binding, old);

    assertThat(keys.isUnderPrimary(binding, old)).isFalse();
    assertThat(keys.isUnderPrimary(binding, current)).isTrue();
    assertThat(keys.keyVersionOf(binding, current).version()).isEqualTo(2);
    assertThat(keys.decrypt(binding, current)).isEqualTo(VALUE);
  }
}
