package io.themisdb.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.encryption.field.CiphertextMismatchException;
import io.themisdb.encryption.keyring.TenantKeysNotFoundException;
import io.themisdb.encryption.keyring.TenantKeysShreddedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoShreddingTest {

  private static final byte[] VALUE = "secret".getBytes(StandardCharsets.UTF_8);

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

  @Test
  void shreddingMakesDecryptionFailWithTheShreddedError() {
    byte[] randomized = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    byte[] deterministic = keys.encryptDeterministic("acme", "people", "email", VALUE);

    keys.shred("acme");

    assertThatThrownBy(() -> keys.decryptRandomized("acme", "people", "ssn", "p1", randomized))
        .isInstanceOf(TenantKeysShreddedException.class)
        .hasMessageContaining("acme")
        .hasMessageContaining("shredded");
    assertThatThrownBy(() -> keys.decryptDeterministic("acme", "people", "email", deterministic))
        .isInstanceOf(TenantKeysShreddedException.class);
    assertThatThrownBy(() -> keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE))
        .isInstanceOf(TenantKeysShreddedException.class);
  }

  @Test
  void shreddedIsDistinguishableFromNeverHadKeys() {
    keys.shred("acme");

    assertThatThrownBy(() -> keys.keyVersions("acme"))
        .isInstanceOfSatisfying(
            TenantKeysShreddedException.class,
            e -> assertThat(e.shreddedAt()).isEqualTo(keys.shreddedAt("acme").orElseThrow()));
    assertThatThrownBy(() -> keys.keyVersions("initech"))
        .isInstanceOf(TenantKeysNotFoundException.class);
  }

  @Test
  void shreddingSurvivesARestartAndDeletesTheKeyringFile() {
    keys.shred("acme");
    keys.close();

    keys = TenantKeys.open(TenantKeysSettings.local(directory));

    assertThat(directory.resolve("tenants/acme/keyring.sealed")).doesNotExist();
    assertThat(keys.hasKeys("acme")).isFalse();
    assertThatThrownBy(() -> keys.encryptDeterministic("acme", "people", "email", VALUE))
        .isInstanceOf(TenantKeysShreddedException.class);
  }

  @Test
  void shreddingEvictsTheCachedKeyring() {
    keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    assertThat(keys.cache().contains("acme")).isTrue();

    keys.shred("acme");

    assertThat(keys.cache().contains("acme")).isFalse();
  }

  @Test
  void shreddingOneTenantLeavesOthersReadable() {
    byte[] globex = keys.encryptRandomized("globex", "people", "ssn", "p1", VALUE);

    keys.shred("acme");

    assertThat(keys.decryptRandomized("globex", "people", "ssn", "p1", globex)).isEqualTo(VALUE);
  }

  @Test
  void provisioningAShreddedTenantIsRefusedWithoutTheExplicitCall() {
    keys.shred("acme");

    assertThatThrownBy(() -> keys.provision("acme"))
        .isInstanceOf(TenantKeysShreddedException.class);
  }

  @Test
  void explicitReprovisioningGivesNewKeysThatCannotReadShreddedData() {
    byte[] old = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    keys.shred("acme");

    keys.reprovisionShredded("acme");

    byte[] fresh = keys.encryptRandomized("acme", "people", "ssn", "p1", VALUE);
    assertThat(keys.decryptRandomized("acme", "people", "ssn", "p1", fresh)).isEqualTo(VALUE);
    assertThat(keys.shreddedAt("acme")).isEmpty();
    assertThatThrownBy(() -> keys.decryptRandomized("acme", "people", "ssn", "p1", old))
        .isInstanceOfSatisfying(
            CiphertextMismatchException.class,
            e -> assertThat(e.reason()).isEqualTo(CiphertextMismatchException.Reason.FOREIGN_KEY));
  }

  @Test
  void shreddingTwiceKeepsTheFirstTime() throws Exception {
    keys.shred("acme");
    String first = Files.readString(directory.resolve("tenants/acme/shredded"));

    keys.shred("acme");

    assertThat(Files.readString(directory.resolve("tenants/acme/shredded"))).isEqualTo(first);
  }
}
