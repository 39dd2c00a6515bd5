package io.themisdb.engine.graph;

/**
 * Ids to dense ordinals, open addressing with linear probing over two flat arrays: a million
 * entries cost about 16 MiB here where a {@code HashMap<String, Integer>} would take three times
 * that in entries and boxes.
 */
final class Ordinals {
  static final int ABSENT = -1;

  private String[] keys = new String[16];
  private int[] values = new int[16];
  private int size;

  int size() {
    return size;
  }

  /** Bytes the two tables take on the heap. */
  long bytes() {
    return 32L + 8L * keys.length;
  }

  int get(String key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return ABSENT;
      }
      if (k.equals(key)) {
        return values[i];
      }
    }
  }

  /** Maps {@code key} to {@code value}; the key must be absent. */
  void put(String key, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  /** Removes {@code key}; returns its ordinal, or {@link #ABSENT}. */
  int remove(String key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != null && !keys[i].equals(key)) {
      i = (i + 1) & mask;
    }
    if (keys[i] == null) {
      return ABSENT;
    }
    int removed = values[i];
    // Backward-shift deletion: pull later entries of the probe run into the hole so that no
    // lookup stops early at it; no tombstones to clean up later.
    for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      boolean staysAfterHole = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!staysAfterHole) {
        keys[i] = keys[j];
        values[i] = values[j];
        i = j;
      }
    }
    keys[i] = null;
    size--;
    return removed;
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = slot(oldKeys[j], mask);
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  private static int slot(String key, int mask) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
