package io.themisdb.engine.keys;

import java.util.Arrays;

/** A growable byte array for building keys without ByteArrayOutputStream's synchronization. */
public final class KeyBuffer {
  private byte[] bytes;
  private int size;

  public KeyBuffer(int capacity) {
    bytes = new byte[Math.max(capacity, 8)];
  }

  public KeyBuffer put(int b) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2);
    }
    bytes[size++] = (byte) b;
    return this;
  }

  public KeyBuffer put(byte[] b) {
    if (size + b.length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + b.length));
    }
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
    return this;
  }

  /** Appends {@code value} big-endian, so unsigned byte order equals unsigned int order. */
  public KeyBuffer putInt(int value) {
    return put(value >>> 24).put(value >>> 16).put(value >>> 8).put(value);
  }

  public KeyBuffer putLong(long value) {
    return putInt((int) (value >>> 32)).putInt((int) value);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
