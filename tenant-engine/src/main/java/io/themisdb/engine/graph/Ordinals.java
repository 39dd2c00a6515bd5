package io.themisdb.engine.graph;

/**
 * Ids to dense ordinals, open addressing with linear probing over flat arrays: a million entries
 * cost about 24 MiB here where a {@code HashMap<String, Integer>} would take more than twice that
 * in entries and boxes, and a lookup follows no pointers until the hash codes match.
 */
final class Ordinals {
  static final int ABSENT = -1;

  private String[] keys = new String[16];

  /** The keys' hash codes: a probe compares these and touches no key string unless they match. */
  private int[] hashes = new int[16];

  private int[] values = new int[16];
  private int size;

  int size() {
    return size;
  }

  /** Bytes the two tables take on the heap. */
  long bytes() {
    return 48L + 12L * keys.length;
  }

  int get(String key) {
    return get(key, key.hashCode());
  }

  /** {@link #get(String)} of a key whose hash code is {@code hash}. */
  int get(String key, int hash) {
    int mask = keys.length - 1;
    for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return ABSENT;
      }
      if (hashes[i] == hash && (k == key || k.equals(key))) {
        return values[i];
      }
    }
  }

  /** Maps {@code key} to {@code value}; the key must be absent. */
  void put(String key, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    place(key, key.hashCode(), value);
    size++;
  }

  private void place(String key, int hash, int value) {
    int mask = keys.length - 1;
    int i = slot(hash, mask);
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    hashes[i] = hash;
    values[i] = value;
  }

  /** Removes {@code key}; returns its ordinal, or {@link #ABSENT}. */
  int remove(String key) {
    int mask = keys.length - 1;
    int hash = key.hashCode();
    int i = slot(hash, mask);
    while (keys[i] != null && !(hashes[i] == hash && keys[i].equals(key))) {
      i = (i + 1) & mask;
    }
    if (keys[i] == null) {
      return ABSENT;
    }
    int removed = values[i];
    // Backward-shift deletion: pull later entries of the probe run into the hole so that no
    // lookup stops early at it; no tombstones to clean up later.
    for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
      int home = slot(hashes[j], mask);
      boolean staysAfterHole = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!staysAfterHole) {
        keys[i] = keys[j];
        hashes[i] = hashes[j];
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
    int[] oldHashes = hashes;
    int[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        place(oldKeys[j], oldHashes[j], oldValues[j]);
      }
    }
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
