package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.job.Neighbours;

/**
 * Bounded max-heap of the {@code k} smallest (distance, row) pairs seen; ties go to the smaller
 * row. Not thread-safe: one per query and worker.
 */
final class TopK {

  private final int k;
  private final float[] distances;
  private final int[] rows;
  private int size;

  TopK(int k) {
    this.k = k;
    this.distances = new float[k];
    this.rows = new int[k];
  }

  /** Whether a candidate at {@code distance} could enter; lets callers skip work. */
  float worst() {
    return size < k ? Float.POSITIVE_INFINITY : distances[0];
  }

  void offer(float distance, int row) {
    if (size < k) {
      distances[size] = distance;
      rows[size] = row;
      siftUp(size++);
    } else if (before(distance, row, distances[0], rows[0])) {
      distances[0] = distance;
      rows[0] = row;
      siftDown(0);
    }
  }

  void addAll(TopK other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.distances[i], other.rows[i]);
    }
  }

  /** Drains the heap into neighbours, nearest first, mapping rows to ids. */
  Neighbours toNeighbours(ResidentVectors set) {
    int n = size;
    long[] ids = new long[n];
    float[] out = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = distances[0];
      ids[i] = set.id(rows[0]);
      size--;
      distances[0] = distances[size];
      rows[0] = rows[size];
      siftDown(0);
    }
    return new Neighbours(ids, out);
  }

  private static boolean before(float d1, int r1, float d2, int r2) {
    return d1 < d2 || (d1 == d2 && r1 < r2);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(distances[parent], rows[parent], distances[i], rows[i])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int largest = left;
      int right = left + 1;
      if (right < size && before(distances[left], rows[left], distances[right], rows[right])) {
        largest = right;
      }
      if (!before(distances[i], rows[i], distances[largest], rows[largest])) {
        return;
      }
      swap(i, largest);
      i = largest;
    }
  }

  private void swap(int a, int b) {
    float d = distances[a];
    distances[a] = distances[b];
    distances[b] = d;
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
  }
}
