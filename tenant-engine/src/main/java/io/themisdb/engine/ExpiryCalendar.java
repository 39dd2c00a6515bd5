package io.themisdb.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * When the closed databases of a host next have a document expiring, so that the TTL sweeper opens
 * only databases with work due instead of every database with a TTL index every interval (a host
 * holds thousands of mostly idle tenants).
 *
 * <p>Each database with a TTL index keeps the time in a small file in its directory ({@value
 * #FILE}): the earliest expiry in its TTL indexes, written when its storage closes, or 0 ("check
 * it") while it is open, so that a process that dies with it open sweeps it soon after restart. The
 * file is a hint, not data: a lost or stale file delays a sweep, never loses or keeps a document
 * for good, and the database is swept on every interval while it is open anyway.
 */
final class ExpiryCalendar {
  static final String FILE = "ttl-next-expiry";

  private final Path root;

  /** Closed databases with a TTL index → earliest expiry in epoch millis. */
  private final Map<String, Long> closed = new ConcurrentHashMap<>();

  /** Open databases whose file says 0. */
  private final Set<String> watched = ConcurrentHashMap.newKeySet();

  ExpiryCalendar(Path root) {
    this.root = root;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        read(dir.resolve(FILE))
            .ifPresent(millis -> closed.put(dir.getFileName().toString(), millis));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list databases in " + root, e);
    }
  }

  /** The storage of {@code name} opened (or got its first TTL index): sweep it while open. */
  void opened(String name, boolean hasTtlIndexes) {
    Long previous = closed.remove(name);
    if (hasTtlIndexes) {
      if (watched.add(name)) {
        write(name, 0);
      }
    } else if (previous != null) {
      delete(name);
    }
  }

  /** The storage of {@code name} closed; {@code nextExpiry} is null without TTL indexes. */
  void closed(String name, Long nextExpiry) {
    boolean hadFile = watched.remove(name);
    if (nextExpiry == null) {
      if (hadFile) {
        delete(name);
      }
    } else {
      closed.put(name, nextExpiry);
      write(name, nextExpiry);
    }
  }

  void destroyed(String name) {
    closed.remove(name);
    watched.remove(name);
  }

  /** Closed databases with a document expiring at or before {@code nowMillis}. */
  List<String> dueBy(long nowMillis) {
    List<String> due = new ArrayList<>();
    closed.forEach(
        (name, millis) -> {
          if (millis <= nowMillis) {
            due.add(name);
          }
        });
    return due;
  }

  private void write(String name, long millis) {
    Path file = root.resolve(name).resolve(FILE);
    try {
      Files.writeString(file, Long.toString(millis));
    } catch (IOException e) {
      // A hint only: without it the database is swept when it is next opened.
      System.getLogger(ExpiryCalendar.class.getName())
          .log(System.Logger.Level.WARNING, "cannot write " + file, e);
    }
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(root.resolve(name).resolve(FILE));
    } catch (IOException e) {
      System.getLogger(ExpiryCalendar.class.getName())
          .log(System.Logger.Level.WARNING, "cannot delete the TTL hint of " + name, e);
    }
  }

  private static java.util.Optional<Long> read(Path file) {
    try {
      return java.util.Optional.of(
          Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.of(0L); // unreadable: check the database at the next sweep
    }
  }
}
