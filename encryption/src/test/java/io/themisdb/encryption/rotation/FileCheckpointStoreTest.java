package io.themisdb.encryption.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

  @TempDir Path directory;

  @Test
  void checkpointSurvivesARoundTripIncludingOddIds() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(directory);
    ReencryptionCheckpoint checkpoint =
        new ReencryptionCheckpoint(
            "acme-v2", "people/p=1 #ü", 10, 7, 20, false, Instant.parse("2026-11-25T07:00:00Z"));

    store.save(checkpoint);

    assertThat(store.load("acme-v2")).contains(checkpoint);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("acme-v2.checkpoint"))))
        .isEqualTo("rw-------");
  }

  @Test
  void missingCheckpointIsEmptyAndDeleteRemovesIt() {
    FileCheckpointStore store = new FileCheckpointStore(directory);
    assertThat(store.load("none")).isEmpty();

    store.save(ReencryptionCheckpoint.start("job", 5, Instant.EPOCH));
    store.delete("job");

    assertThat(store.load("job")).isEmpty();
  }
}
