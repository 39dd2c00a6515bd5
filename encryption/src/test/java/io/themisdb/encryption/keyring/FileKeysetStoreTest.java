package io.themisdb.encryption.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeysetStoreTest {

  @TempDir Path root;

  private static SealedKeyring sealed(String tenant, String kekId) {
    return new SealedKeyring(tenant, kekId, new byte[] {1}, new byte[] {2, 3}, new byte[] {4});
  }

  @Test
  void eachTenantGetsItsOwnOwnerOnlyDirectory() throws Exception {
    FileKeysetStore store = new FileKeysetStore(root);

    store.save(sealed("acme", "k1"));
    store.save(sealed("globex", "k1"));

    assertThat(store.tenants()).containsExactly("acme", "globex");
    Path file = root.resolve("acme").resolve(FileKeysetStore.KEYRING_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("acme"))))
        .isEqualTo("rwx------");
  }

  @Test
  void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    FileKeysetStore store = new FileKeysetStore(root);

    store.save(sealed("acme", "k1"));
    store.save(sealed("acme", "k2"));

    assertThat(store.load("acme")).contains(sealed("acme", "k2"));
    try (Stream<Path> files = Files.list(root.resolve("acme"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly(FileKeysetStore.KEYRING_FILE);
    }
  }

  @Test
  void shredLeavesATombstoneAndNoKeyring() {
    FileKeysetStore store = new FileKeysetStore(root);
    store.save(sealed("acme", "k1"));
    Instant at = Instant.parse("2026-11-25T07:00:00Z");

    store.shred("acme", at);

    assertThat(store.load("acme")).isEmpty();
    assertThat(store.shreddedAt("acme")).contains(at);
    assertThat(store.shreddedAt("globex")).isEmpty();
    assertThat(store.tenants()).isEmpty();
  }

  @Test
  void tenantIdsThatCouldEscapeTheStoreAreRejected() {
    FileKeysetStore store = new FileKeysetStore(root);

    for (String bad : new String[] {"../etc", "a/b", ".hidden", "", "a\\b"}) {
      assertThatThrownBy(() -> store.load(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not usable");
    }
  }
}
