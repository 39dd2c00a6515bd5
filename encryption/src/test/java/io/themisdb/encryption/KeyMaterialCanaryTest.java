package io.themisdb.encryption;

import static io.themisdb.testsupport.DiskCanary.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import io.themisdb.encryption.field.FieldBinding;
import io.themisdb.encryption.keyring.KeyMaterial;
import io.themisdb.encryption.rotation.EncryptedItem;
import io.themisdb.encryption.rotation.FileCheckpointStore;
import io.themisdb.encryption.rotation.ReencryptionJob;
import io.themisdb.encryption.rotation.ReencryptionSource;
import io.themisdb.encryption.rotation.Throttle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: plaintext key material is never written to disk. Drives every operation that writes
 * (provision, rotate, disable, destroy, re-encryption checkpoints, KEK rotation, shred), then scans
 * every file under the key store for each tenant key's raw bytes, the cleartext keysets and the
 * plaintext markers that were encrypted.
 */
class KeyMaterialCanaryTest {

  @TempDir Path directory;

  @Test
  void noKeyBytesOrPlaintextMarkersAppearInAnyWrittenFile() throws Exception {
    List<byte[]> secrets = new ArrayList<>();
    List<byte[]> markers = new ArrayList<>();
    Path checkpoints = directory.resolve("checkpoints");
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory))) {
      for (String tenant : List.of("acme", "globex", "initech")) {
        keys.provision(tenant);
        byte[] marker = ("CANARY-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        markers.add(marker);
        List<EncryptedItem> items = new ArrayList<>();
        FieldBinding randomized = new FieldBinding.Randomized(tenant, "c", "ssn", "d1");
        FieldBinding deterministic = new FieldBinding.Deterministic(tenant, "c", "email");
        items.add(new EncryptedItem("1", randomized, keys.encrypt(randomized, marker)));
        items.add(new EncryptedItem("2", deterministic, keys.encrypt(deterministic, marker)));
        secrets.addAll(KeyMaterial.secrets(keys.keyring(tenant)));

        keys.rotate(tenant);
        secrets.addAll(KeyMaterial.secrets(keys.keyring(tenant)));
        new ReencryptionJob(
                tenant + "-v2",
                keys,
                listSource(items),
                (original, reencrypted) -> {},
                new FileCheckpointStore(checkpoints),
                Throttle.none(),
                1,
                Clock.systemUTC())
            .run();
        keys.disable(tenant, 1);
        keys.destroy(tenant, 1);
      }
      keys.rotateKek();
      keys.shred("initech");
    }

    // Positive control: the scan does find raw key bytes where they legitimately are.
    Path masterKey = directory.resolve("master.key");
    for (byte[] kekBytes : masterKeyBytes(masterKey)) {
      assertThat(indexOf(Files.readAllBytes(masterKey), kekBytes)).isNotNegative();
    }

    List<Path> files = filesUnder(directory);
    assertThat(files)
        .as("the scan must see the stores it checks")
        .anyMatch(p -> p.endsWith("keyring.sealed"))
        .anyMatch(p -> p.toString().endsWith(".checkpoint"))
        .anyMatch(p -> p.endsWith("shredded"));
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      for (byte[] secret : secrets) {
        assertThat(indexOf(content, secret)).as("key bytes in " + file).isEqualTo(-1);
        byte[] hex = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
        assertThat(indexOf(content, hex)).as("hex key bytes in " + file).isEqualTo(-1);
      }
      for (byte[] marker : markers) {
        assertThat(indexOf(content, marker)).as("plaintext marker in " + file).isEqualTo(-1);
      }
    }
  }

  private static ReencryptionSource listSource(List<EncryptedItem> items) {
    return new ReencryptionSource() {
      @Override
      public List<EncryptedItem> nextBatch(String afterId, int limit) {
        return items.stream()
            .filter(item -> afterId == null || item.id().compareTo(afterId) > 0)
            .limit(limit)
            .toList();
      }

      @Override
      public long estimatedCount() {
        return items.size();
      }
    };
  }

  private static List<byte[]> masterKeyBytes(Path masterKey) throws Exception {
    KeysetHandle master =
        TinkProtoKeysetFormat.parseKeyset(
            Files.readAllBytes(masterKey), InsecureSecretKeyAccess.get());
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < master.size(); i++) {
      keys.add(
          ((AesGcmKey) master.getAt(i).getKey())
              .getKeyBytes()
              .toByteArray(InsecureSecretKeyAccess.get()));
    }
    return keys;
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
