package io.themisdb.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.encryption.keyring.FileKeysetStore;
import io.themisdb.encryption.keyring.KeyVersionTransitionException;
import io.themisdb.encryption.keyring.KeyringUnreadableException;
import io.themisdb.encryption.keyring.SealedKeyring;
import io.themisdb.encryption.kms.local.LocalMasterKeyKekProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekRotationTest {

  @TempDir Path directory;

  @Test
  void kekRotationRewrapsEveryTenantAndKeepsAllDataReadable() throws Exception {
    LocalMasterKeyKekProvider kek = LocalMasterKeyKekProvider.open(directory.resolve("master.key"));
    FileKeysetStore store = new FileKeysetStore(directory.resolve("tenants"));
    Map<String, byte[]> ciphertexts = new LinkedHashMap<>();
    String oldKek;
    try (TenantKeys keys = TenantKeys.using(kek, store, 16, Clock.systemUTC())) {
      for (String tenant : new String[] {"acme", "globex", "initech"}) {
        keys.provision(tenant);
        ciphertexts.put(tenant, keys.encryptRandomized(tenant, "c", "f", "d", bytes(tenant)));
      }
      oldKek = store.load("acme").orElseThrow().kekId();
      Map<String, byte[]> dataBefore = snapshotDataKeysets(store);

      KekRotation rotation = keys.rotateKek();

      assertThat(rotation.rewrapped()).isEqualTo(3);
      assertThat(rotation.replacedKekIds()).containsExactly(oldKek);
      assertThat(rotation.kekId()).isNotEqualTo(oldKek);
      for (String tenant : store.tenants()) {
        SealedKeyring sealed = store.load(tenant).orElseThrow();
        assertThat(sealed.kekId()).isEqualTo(rotation.kekId());
        assertThat(sealed.randomizedKeyset()).isNotEqualTo(dataBefore.get(tenant));
      }
      keys.retireKek(oldKek);
    }
    kek.close();

    // A fresh process: nothing cached, the old KEK gone from the master key file.
    try (TenantKeys reopened = TenantKeys.open(TenantKeysSettings.local(directory))) {
      ciphertexts.forEach(
          (tenant, ciphertext) ->
              assertThat(reopened.decryptRandomized(tenant, "c", "f", "d", ciphertext))
                  .isEqualTo(bytes(tenant)));
    }
  }

  @Test
  void rewrapIsIdempotentSoAnInterruptedRotationCanBeFinished() {
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory))) {
      keys.provision("acme");
      keys.rotateKek();

      KekRotation again = keys.rewrapAll();

      assertThat(again.rewrapped()).isZero();
    }
  }

  @Test
  void kekStillInUseCannotBeRetired() {
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory))) {
      keys.provision("acme");
      String kekId =
          new FileKeysetStore(directory.resolve("tenants")).load("acme").orElseThrow().kekId();

      assertThatThrownBy(() -> keys.retireKek(kekId))
          .isInstanceOf(KeyVersionTransitionException.class)
          .hasMessageContaining("1 tenant");
    }
  }

  @Test
  void keyringUnderARetiredKekIsUnreadable() throws Exception {
    Path tenants = directory.resolve("tenants");
    byte[] stale;
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory))) {
      keys.provision("acme");
      // An old copy of the key store, as a backup would hold it.
      stale = Files.readAllBytes(tenants.resolve("acme/keyring.sealed"));
      KekRotation rotation = keys.rotateKek();
      keys.retireKek(rotation.replacedKekIds().iterator().next());
    }
    Files.write(tenants.resolve("acme/keyring.sealed"), stale);

    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory))) {
      assertThatThrownBy(() -> keys.encryptRandomized("acme", "c", "f", "d", bytes("x")))
          .isInstanceOf(KeyringUnreadableException.class)
          .hasMessageContaining("retired");
    }
  }

  private static Map<String, byte[]> snapshotDataKeysets(FileKeysetStore store) {
    Map<String, byte[]> snapshot = new LinkedHashMap<>();
    for (String tenant : store.tenants()) {
      snapshot.put(tenant, store.load(tenant).orElseThrow().randomizedKeyset());
    }
    return snapshot;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
