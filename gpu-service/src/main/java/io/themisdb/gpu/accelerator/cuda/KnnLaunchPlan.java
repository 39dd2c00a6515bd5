package io.themisdb.gpu.accelerator.cuda;

/**
 * How one kNN call is cut up for the device, worked out on the host so it can be checked without a
 * GPU.
 *
 * @param k neighbours per query, at most the set's size
 * @param kp the top-k buffer: a power of two, at least {@code k} and at least the block size
 *     {@value #TOPK_THREADS}, as {@code topk_select} requires
 * @param segmentLength rows one {@code topk_select} block scans in the first pass
 * @param segments first-pass blocks per query; above one a second pass selects among their winners
 * @param queriesPerChunk queries per round of launches, so that the round's device memory stays
 *     within the scratch budget (at least one query, at most the grid's y limit)
 */
record KnnLaunchPlan(int k, int kp, int segmentLength, int segments, int queriesPerChunk) {

  static final int TOPK_THREADS = 256;
  static final int MIN_SEGMENT = 4096;
  static final int MAX_GRID_Y = 65_535;

  static KnnLaunchPlan of(int n, int dimension, int queries, int k, long scratchBytes) {
    int kk = Math.min(k, n);
    int kp = Math.max(TOPK_THREADS, Integer.highestOneBit(Math.max(1, kk - 1)) << 1);
    int segmentLength = Math.max(MIN_SEGMENT, 4 * kp);
    int segments = (n + segmentLength - 1) / segmentLength;
    int chunk =
        (int)
            Math.max(
                1,
                Math.min(
                    Math.min(queries, MAX_GRID_Y),
                    scratchBytes / bytesPerQuery(n, dimension, kk, segments)));
    return new KnnLaunchPlan(kk, kp, segmentLength, segments, chunk);
  }

  /** Device bytes one query of a chunk needs: its distance row, winners, results, itself. */
  static long bytesPerQuery(int n, int dimension, int k, int segments) {
    long winners = segments > 1 ? 8L * segments * k : 0;
    return 4L * n + winners + 8L * k + 4L * dimension + Float.BYTES;
  }

  /** Dynamic shared memory of {@code topk_select}: 2 * kp (distance, row) pairs. */
  int sharedBytes() {
    return 2 * kp * (Float.BYTES + Integer.BYTES);
  }
}
