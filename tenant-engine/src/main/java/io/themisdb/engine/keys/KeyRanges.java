package io.themisdb.engine.keys;

import java.util.Arrays;

/** Bounds of byte-key ranges for prefix scans. */
public final class KeyRanges {
  private KeyRanges() {}

  /**
   * The smallest key greater than every key starting with {@code prefix}, or {@code null} when
   * there is none (the prefix is all 0xFF).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
