package io.themisdb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What canary tests look for on disk: the bytes of every file under a directory (database files,
 * WAL, MANIFEST, backups, key files) and whether a marker occurs in them.
 */
public final class DiskCanary {
  private DiskCanary() {}

  /** The contents of every regular file under {@code dir}, one after another. */
  public static byte[] bytesUnder(Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.writeBytes(Files.readAllBytes(f));
      }
    }
    return out.toByteArray();
  }

  /** Whether the UTF-8 bytes of {@code marker} occur in {@code haystack}. */
  public static boolean contains(byte[] haystack, String marker) {
    return indexOf(haystack, marker.getBytes(StandardCharsets.UTF_8)) >= 0;
  }

  /** The first position of {@code needle} in {@code haystack}, or -1. */
  public static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
