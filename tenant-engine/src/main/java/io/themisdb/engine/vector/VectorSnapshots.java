package io.themisdb.engine.vector;

import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.VectorOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshots of one database's vector indexes: one file per index, {@code <index id>.snapshot},
 * in the directory given (the engine uses {@value #DIRECTORY} inside the database's directory), so
 * that reopening a database loads its graphs instead of rebuilding them from every document.
 *
 * <p>A snapshot holds the index definition it was built for, the change sequence it reflects, every
 * stored vector with its key and liveness, and the graph's links, followed by a CRC32C of all that.
 * It is written to a temporary file, fsynced and renamed over the previous one, so a crash leaves
 * either the old snapshot or the new one. Loading checks the format version, the checksum and the
 * definition (field, dimension, metric, engine, graph parameters); any mismatch or read error
 * discards the file and the index is rebuilt. The caller syncs the WAL before writing: a snapshot
 * never reflects a commit that a crash could still lose.
 *
 * <p>Snapshots are not part of backups (RocksDB checkpoints): a restored database rebuilds its
 * graphs on first use.
 */
public final class VectorSnapshots {
  /** The directory inside a database's directory that holds its snapshots. */
  public static final String DIRECTORY = "vector-snapshots";

  /**
   * Documents applied to an index after which a new snapshot is due while the database stays open:
   * a crash then replays at most about this many changes instead of rebuilding the graph.
   */
  public static final long CHANGES_PER_SNAPSHOT = 10_000;

  private static final int MAGIC = 0x5456_5348; // "TVSH"
  private static final int FORMAT = 1;
  private static final String SUFFIX = ".snapshot";
  private static final String TEMPORARY = ".tmp";
  private static final Pattern FILE = Pattern.compile("(\\d+)\\.snapshot(\\.tmp)?");
  private static final int BUFFER = 1 << 16;
  private static final System.Logger LOG = System.getLogger(VectorSnapshots.class.getName());

  private final Path directory;

  public VectorSnapshots(Path directory) {
    this.directory = directory;
  }

  /** The snapshot file of index {@code indexId} (which may not exist). */
  public Path file(int indexId) {
    return directory.resolve(indexId + SUFFIX);
  }

  /**
   * Writes a snapshot of {@code index} if it reflects changes its newest snapshot does not, unless
   * another is being written right now or the index was dropped; returns whether it wrote one.
   * Searches go on meanwhile; catching up waits until the file is written.
   *
   * @throws UncheckedIOException when the file cannot be written; the previous snapshot stays
   */
  public boolean save(VectorIndex index) {
    if (!index.snapshotLock.tryLock()) {
      return false;
    }
    try {
      if (index.dropped) {
        return false;
      }
      index.readLock().lock();
      try {
        if (!index.changedSinceSnapshot()) {
          return false;
        }
        write(index);
        index.snapshotWritten();
        return true;
      } finally {
        index.readLock().unlock();
      }
    } finally {
      index.snapshotLock.unlock();
    }
  }

  private void write(VectorIndex index) {
    int id = index.definition().id();
    Path target = file(id);
    Path temporary = directory.resolve(id + SUFFIX + TEMPORARY);
    try {
      Files.createDirectories(directory);
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        CRC32C crc = new CRC32C();
        DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(
                    new CheckedOutputStream(Channels.newOutputStream(channel), crc), BUFFER));
        writeHeader(out, index.definition());
        index.writeState(out);
        out.flush();
        ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES).putLong(crc.getValue()).flip();
        while (trailer.hasRemaining()) {
          channel.write(trailer);
        }
        channel.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
    } catch (IOException e) {
      deleteIfExists(temporary);
      throw new UncheckedIOException("cannot write vector index snapshot " + target, e);
    }
  }

  /**
   * Loads the newest snapshot of {@code index}, a fresh one whose write lock the caller holds;
   * returns whether it did. An unusable snapshot is deleted and reported in the log.
   */
  boolean load(VectorIndex index) {
    Path file = file(index.definition().id());
    try {
      long length = Files.size(file);
      String problem = checksumProblem(file, length);
      if (problem == null) {
        try (DataInputStream in =
            new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
          problem = headerProblem(in, index.definition());
          if (problem == null) {
            index.readState(in, length);
            return true;
          }
        }
      }
      discard(file, problem);
    } catch (NoSuchFileException e) {
      // None yet: the index is built from the documents.
    } catch (IOException | RuntimeException e) {
      discard(file, e.toString());
    }
    return false;
  }

  /** Deletes the snapshot of a dropped index; {@code index} is its graph in memory, if any. */
  public void drop(int indexId, VectorIndex index) {
    if (index == null) {
      deleteIfExists(file(indexId));
      return;
    }
    index.snapshotLock.lock();
    try {
      index.dropped = true;
      deleteIfExists(file(indexId));
      index.snapshotDeleted();
    } finally {
      index.snapshotLock.unlock();
    }
  }

  /**
   * Deletes the snapshots of indexes not in {@code indexIds} (dropped while the database was
   * closed, or with their collection) and temporary files a crash left; call before any index of
   * the database is used.
   */
  public void retainOnly(Set<Integer> indexIds) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : files.toList()) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (!m.matches() || m.group(2) != null || !indexIds.contains(Integer.valueOf(m.group(1)))) {
          deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private static void writeHeader(DataOutputStream out, IndexDefinition d) throws IOException {
    VectorOptions o = d.vector();
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeInt(d.id());
    out.writeInt(d.collectionId());
    out.writeUTF(d.fields().getFirst());
    out.writeInt(o.dimension());
    out.writeUTF(o.metric().name());
    out.writeUTF(o.engine().name());
    out.writeInt(o.maxDegree());
    out.writeInt(o.beamWidth());
  }

  /**
   * What keeps the snapshot from serving index {@code d}, or null when nothing does. efSearch is
   * not compared: it is a search parameter, the graph does not depend on it.
   */
  private static String headerProblem(DataInputStream in, IndexDefinition d) throws IOException {
    if (in.readInt() != MAGIC) {
      return "not a vector index snapshot";
    }
    int format = in.readInt();
    if (format != FORMAT) {
      return "format " + format + ", expected " + FORMAT;
    }
    VectorOptions o = d.vector();
    boolean matches =
        in.readInt() == d.id()
            & in.readInt() == d.collectionId()
            & in.readUTF().equals(d.fields().getFirst())
            & in.readInt() == o.dimension()
            & in.readUTF().equals(o.metric().name())
            & in.readUTF().equals(o.engine().name())
            & in.readInt() == o.maxDegree()
            & in.readInt() == o.beamWidth();
    return matches ? null : "written for another definition than " + d;
  }

  /** Null when the trailing CRC32C matches the bytes before it, else what is wrong. */
  private static String checksumProblem(Path file, long length) throws IOException {
    if (length < Long.BYTES) {
      return "truncated to " + length + " bytes";
    }
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      long remaining = length - Long.BYTES;
      while (remaining > 0) {
        buffer.clear().limit((int) Math.min(BUFFER, remaining));
        int read = channel.read(buffer);
        if (read < 0) {
          return "truncated";
        }
        remaining -= read;
        crc.update(buffer.flip());
      }
      ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES);
      while (trailer.hasRemaining() && channel.read(trailer) >= 0) {
        // reads the stored checksum
      }
      return !trailer.hasRemaining() && trailer.flip().getLong() == crc.getValue()
          ? null
          : "checksum mismatch";
    }
  }

  private static void discard(Path file, String problem) {
    LOG.log(
        System.Logger.Level.WARNING,
        "discarding vector index snapshot " + file + " (" + problem + "); rebuilding the index");
    try {
      deleteIfExists(file);
    } catch (UncheckedIOException e) {
      // Left in place: the next load discards it again, and the next snapshot replaces it.
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + file, e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** Makes the rename durable; directories cannot be opened for sync on every platform. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not supported here: the rename is durable once the file system commits it.
    }
  }
}
