package io.themisdb.engine.vector;

import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import io.themisdb.engine.spi.Neighbour;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Vector search benchmark (issue #8), never run by verify: k = 10 over clustered 128-d vectors,
 * Lucene HNSW and jvector behind {@link VectorIndex}, and exact brute force on the CPU batch
 * accelerator as the in-process baseline. Prints p50/p99 latency and recall@10 per engine and
 * efSearch, and what a reopen costs: writing the index's snapshot, then loading it and answering
 * the first search, against the full rebuild from the documents in the same run. See
 * docs/performance.md for the command and results.
 */
public final class VectorBenchmark {

  public static void main(String[] args) throws IOException {
    int n = Integer.getInteger("bench.vectors", 100_000);
    int dim = Integer.getInteger("bench.dimension", 128);
    int queries = Integer.getInteger("bench.queries", 1_000);
    int degree = Integer.getInteger("bench.degree", VectorOptions.DEFAULT_MAX_DEGREE);
    int beam = Integer.getInteger("bench.beam", VectorOptions.DEFAULT_BEAM_WIDTH);
    String engines = System.getProperty("bench.engines", "LUCENE_HNSW,JVECTOR");
    int[] efs =
        Arrays.stream(System.getProperty("bench.ef", "32,64,100,150").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int k = 10;
    boolean uniform = Boolean.getBoolean("bench.uniform");
    float[][] data =
        uniform ? VectorData.uniform(n, dim, 42) : VectorData.clustered(n, dim, 100, 42);
    float[][] qs =
        uniform
            ? VectorData.uniform(queries, dim, 43)
            : VectorData.clustered(queries, dim, 100, 43);
    System.out.printf(
        "vectors %d x %d, %s, %d queries, k %d, degree %d, beam %d%n",
        n, dim, uniform ? "uniform" : "100 Gaussian clusters", queries, k, degree, beam);

    // Exact answers and the brute-force baseline through the accelerator SPI.
    CpuBatchAccelerator cpu = new CpuBatchAccelerator();
    float[] rows = new float[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(data[i], 0, rows, i * dim, dim);
    }
    VectorSet set = new VectorSet("bench", "c/v", 1, dim, () -> rows);
    List<List<String>> truth = new ArrayList<>();
    long[] exactNanos = new long[queries];
    for (int i = 0; i < queries; i++) {
      long start = System.nanoTime();
      List<Neighbour> found = cpu.nearest(set, VectorMetric.EUCLIDEAN, qs[i], k).getFirst();
      exactNanos[i] = System.nanoTime() - start;
      truth.add(found.stream().map(x -> "d" + x.row()).toList());
    }
    double exactP50 = percentile(exactNanos, 0.5);
    System.out.printf(
        "exact brute force (cpu accelerator): p50 %.0f us, p99 %.0f us%n",
        exactP50 / 1e3, percentile(exactNanos, 0.99) / 1e3);

    for (String e : engines.split(",")) {
      VectorEngine engine = VectorEngine.valueOf(e.trim());
      VectorOptions options =
          VectorOptions.of(dim, VectorMetric.EUCLIDEAN)
              .withEngine(engine)
              .withGraph(degree, beam, VectorOptions.DEFAULT_EF_SEARCH);
      VectorIndex index =
          new VectorIndex(
              new IndexDefinition(
                  1,
                  "v",
                  1,
                  List.of("v"),
                  false,
                  true,
                  IndexState.READY,
                  IndexKind.VECTOR,
                  options));
      long buildStart = System.nanoTime();
      index.catchUp(1, () -> new InMemory(data));
      double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
      System.out.printf("%s: built %d vectors in %.1f s%n", engine, index.size(), buildSeconds);
      reopen(index, data, qs, k, buildSeconds);
      for (int ef : efs) {
        // Warm-up pass, then the measured one.
        for (int i = 0; i < Math.min(queries, 200); i++) {
          index.search(qs[i], k, ef, null);
        }
        long[] nanos = new long[queries];
        double recall = 0;
        for (int i = 0; i < queries; i++) {
          long start = System.nanoTime();
          List<VectorHit> hits = index.search(qs[i], k, ef, null);
          nanos[i] = System.nanoTime() - start;
          recall += VectorData.recall(truth.get(i), hits.stream().map(VectorHit::key).toList());
        }
        double p50 = percentile(nanos, 0.5);
        System.out.printf(
            "%s ef %d: p50 %.0f us, p99 %.0f us, recall@10 %.4f, %.1fx faster than exact%n",
            engine, ef, p50 / 1e3, percentile(nanos, 0.99) / 1e3, recall / queries, exactP50 / p50);
      }
    }
  }

  /**
   * Writes the index's snapshot, then times what the first search after a reopen costs: a fresh
   * index loading the snapshot, catching up (nothing to apply) and answering one query. Checks that
   * the loaded index answers every query as the built one does.
   */
  private static void reopen(
      VectorIndex built, float[][] data, float[][] qs, int k, double buildSeconds)
      throws IOException {
    Path dir = Files.createTempDirectory("vector-snapshots");
    try {
      VectorSnapshots snapshots = new VectorSnapshots(dir);
      long writeStart = System.nanoTime();
      snapshots.save(built);
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
      long bytes = Files.size(snapshots.file(built.definition().id()));

      VectorIndex reopened = new VectorIndex(built.definition(), snapshots);
      long start = System.nanoTime();
      reopened.catchUp(1, () -> new InMemory(data));
      reopened.search(qs[0], k, 0, null);
      double reopenSeconds = (System.nanoTime() - start) / 1e9;

      VectorIndexStats stats = reopened.stats();
      int differing = 0;
      for (float[] q : qs) {
        if (!reopened.search(q, k, 0, null).equals(built.search(q, k, 0, null))) {
          differing++;
        }
      }
      System.out.printf(
          "%s: snapshot %.1f MB written in %.2f s; reopen + first search %.2f s (loaded %s,"
              + " rebuilds %d) vs rebuild %.1f s: %.0fx faster; %d of %d answers differ;"
              + " heap estimate %.1f MB%n",
          built.definition().vector().engine(),
          bytes / 1e6,
          writeSeconds,
          reopenSeconds,
          stats.loadedFromSnapshot(),
          stats.rebuilds(),
          buildSeconds,
          buildSeconds / reopenSeconds,
          differing,
          qs.length,
          stats.heapBytes() / 1e6);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  /** The benchmark's documents as a change source: a full build, no change records. */
  private record InMemory(float[][] data) implements ChangeSource {
    @Override
    public String collection() {
      return "c";
    }

    @Override
    public long lastSequence() {
      return 1;
    }

    @Override
    public List<ChangeRecord> records(long from, int limit) {
      return List.of();
    }

    @Override
    public JsonNode document(String key) {
      return null;
    }

    @Override
    public void documents(BiConsumer<String, JsonNode> visitor) {
      for (int i = 0; i < data.length; i++) {
        visitor.accept("d" + i, VectorData.document(i, data[i]));
      }
    }

    @Override
    public void close() {}
  }
}
