package io.themisdb.encryption.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

  @TempDir Path directory;

  @Test
  void writtenFileAndNewDirectoriesAreOwnerOnly() throws Exception {
    Path file = directory.resolve("a/b/file");

    OwnerOnlyFiles.writeAtomically(file, new byte[] {1, 2});

    assertThat(file).hasBinaryContent(new byte[] {1, 2});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void replacingLeavesOnlyTheNewContentAndNoTemporaryFile() throws Exception {
    Path file = directory.resolve("file");
    OwnerOnlyFiles.writeAtomically(file, new byte[] {1});

    OwnerOnlyFiles.writeAtomically(file, new byte[] {2, 3});

    assertThat(file).hasBinaryContent(new byte[] {2, 3});
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void fileOpenToOthersIsRejected() throws Exception {
    Path file = directory.resolve("file");
    OwnerOnlyFiles.writeAtomically(file, new byte[] {1});
    OwnerOnlyFiles.requireOwnerOnly(file);

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThatThrownBy(() -> OwnerOnlyFiles.requireOwnerOnly(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rw-rw-rw-");
  }
}
