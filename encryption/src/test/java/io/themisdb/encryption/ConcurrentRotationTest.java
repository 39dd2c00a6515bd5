package io.themisdb.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encryption keeps working while another thread rotates and re-reads the keyring. */
class ConcurrentRotationTest {

  @TempDir Path directory;

  record Written(String documentKey, byte[] ciphertext) {}

  @Test
  void valuesWrittenDuringRotationsAllDecryptAfterwards() throws Exception {
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(directory));
        ExecutorService pool = Executors.newFixedThreadPool(3)) {
      keys.provision("acme");
      ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    String key = writer + "-" + i;
                    written.add(
                        new Written(
                            key, keys.encryptRandomized("acme", "c", "f", key, bytes(key))));
                  }
                }));
      }
      Future<?> rotator =
          pool.submit(
              () -> {
                for (int r = 0; r < 5; r++) {
                  keys.rotate("acme");
                }
              });
      rotator.get();
      for (Future<?> writer : writers) {
        writer.get();
      }

      assertThat(written).hasSize(1_000);
      assertThat(keys.keyVersions("acme")).hasSize(6);
      for (Written w : written) {
        assertThat(keys.decryptRandomized("acme", "c", "f", w.documentKey(), w.ciphertext()))
            .isEqualTo(bytes(w.documentKey()));
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
