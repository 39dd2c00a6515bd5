package io.themisdb.encryption.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories that only their owner can read, written so that a crash leaves either the
 * old or the new content, never a torn file. Every file the module writes (master key, wrapped
 * keysets, checkpoints) goes through here.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} and missing parents; new ones get {@code rwx------}. */
  public static void createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(absolute, directoryAttribute(absolute));
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(absolute)) {
        throw raced;
      }
    }
  }

  /**
   * Replaces {@code target} with {@code content}: temp file in the same directory with {@code
   * rw-------}, fsync, atomic rename, fsync of the directory.
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    createDirectories(directory);
    Path temp =
        Files.createTempFile(directory, "." + target.getFileName(), ".tmp", fileAttribute(target));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(directory);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes {@code file} if present and makes the deletion durable. */
  public static boolean delete(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      syncDirectory(file.toAbsolutePath().getParent());
    }
    return deleted;
  }

  /**
   * Fails unless {@code file} grants nothing to group or others.
   *
   * @throws IllegalStateException naming the file and its permissions
   */
  public static void requireOwnerOnly(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      throw new IllegalStateException(
          "Cannot verify that "
              + file
              + " is readable by its owner only: the file system has no POSIX permissions");
    }
    Set<PosixFilePermission> permissions = view.readAttributes().permissions();
    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      throw new IllegalStateException(
          file
              + " has permissions "
              + PosixFilePermissions.toString(permissions)
              + " but must be accessible by its owner only; run: chmod 600 "
              + file);
    }
  }

  private static void syncDirectory(Path directory) {
    // Makes the rename durable on Linux; some platforms cannot open a directory, which is harmless.
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }

  private static FileAttribute<?>[] fileAttribute(Path path) {
    return posix(path)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : none();
  }

  private static FileAttribute<?>[] directoryAttribute(Path path) {
    return posix(path)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
        : none();
  }

  private static FileAttribute<?>[] none() {
    return new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
