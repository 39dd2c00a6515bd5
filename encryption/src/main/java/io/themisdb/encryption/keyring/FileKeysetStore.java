package io.themisdb.encryption.keyring;

import io.themisdb.encryption.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sealed keyrings on the local file system: {@code <root>/<tenant>/keyring.sealed} and, after
 * shredding, {@code <root>/<tenant>/shredded} holding the instant. Directories are {@code
 * rwx------} and files {@code rw-------} although everything here is already encrypted: a second
 * fence costs nothing.
 */
public final class FileKeysetStore implements KeysetStore {

  /** Tenant ids become directory names: no separators, no leading dot, bounded length. */
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static final String KEYRING_FILE = "keyring.sealed";
  static final String SHREDDED_FILE = "shredded";

  private final Path root;

  public FileKeysetStore(Path root) {
    this.root = root.toAbsolutePath();
    try {
      OwnerOnlyFiles.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create keyset store " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public Optional<SealedKeyring> load(String tenant) {
    Path file = directory(tenant).resolve(KEYRING_FILE);
    try {
      return Optional.of(SealedKeyring.fromBytes(tenant, Files.readAllBytes(file)));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  @Override
  public void save(SealedKeyring keyring) {
    Path file = directory(keyring.tenant()).resolve(KEYRING_FILE);
    try {
      OwnerOnlyFiles.writeAtomically(file, keyring.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Override
  public Optional<Instant> shreddedAt(String tenant) {
    Path file = directory(tenant).resolve(SHREDDED_FILE);
    try {
      return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).strip()));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  @Override
  public void shred(String tenant, Instant at) {
    Path directory = directory(tenant);
    try {
      OwnerOnlyFiles.writeAtomically(
          directory.resolve(SHREDDED_FILE), at.toString().getBytes(StandardCharsets.UTF_8));
      OwnerOnlyFiles.delete(directory.resolve(KEYRING_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot shred keys in " + directory, e);
    }
  }

  @Override
  public void clearShredded(String tenant) {
    Path file = directory(tenant).resolve(SHREDDED_FILE);
    try {
      OwnerOnlyFiles.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file, e);
    }
  }

  @Override
  public List<String> tenants() {
    try (Stream<Path> directories = Files.list(root)) {
      return directories
          .filter(directory -> Files.isRegularFile(directory.resolve(KEYRING_FILE)))
          .map(directory -> directory.getFileName().toString())
          .filter(name -> TENANT.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  @Override
  public String toString() {
    return "FileKeysetStore[" + root + "]";
  }

  private Path directory(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "Tenant id '" + tenant + "' is not usable as a key store directory name");
    }
    return root.resolve(tenant);
  }
}
