package io.themisdb.engine.bench;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Storage benchmark of issue #3, not a test: raw RocksDB JNI as the baseline, then the engine, in
 * one process on the same documents (200,000 JSON documents of about 1 KB, one secondary index on
 * an integer attribute). Prints each figure with its ratio to the baseline.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl tenant-engine -Pbench test-compile exec:exec@engine-benchmark
 * </pre>
 *
 * System properties: {@code bench.documents} (200000), {@code bench.gets} per thread (400000),
 * {@code bench.cacheMiB} block cache of the baseline (256; the engine's budget adds the baseline's
 * memtables, see {@link Baselines}), {@code bench.dir} (a new temporary directory, deleted
 * afterwards).
 */
public final class EngineBenchmark {
  private static final int DOCUMENTS = Integer.getInteger("bench.documents", 200_000);
  private static final int GETS = Integer.getInteger("bench.gets", 400_000);
  private static final int BATCH = 1_000;
  private static final int WARMUP = Math.min(20_000, DOCUMENTS);
  private static final long CACHE = Long.getLong("bench.cacheMiB", 256) << 20;

  private EngineBenchmark() {}

  /** One operation of a timed loop; index is the operation number. */
  @FunctionalInterface
  private interface Operation {
    void run(int index) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path dir =
        System.getProperty("bench.dir") != null
            ? Path.of(System.getProperty("bench.dir"))
            : Files.createTempDirectory("themis-bench");
    Files.createDirectories(dir);
    BenchData data = new BenchData(DOCUMENTS, 42);
    int[] reads = new Random(7).ints(GETS, 0, DOCUMENTS).toArray();
    System.out.printf(
        "EngineBenchmark %s: %d documents, %.0f bytes of JSON on average, %d cores, Java %s%n",
        LocalDate.now(),
        DOCUMENTS,
        data.averageJsonBytes(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    System.out.printf(
        "raw: %d MiB block cache and default memtables; engine: %d MiB memory budget%n",
        CACHE >> 20, Baselines.engineBudget(CACHE, 2) >> 20);
    try {
      double[] raw = raw(dir, data, reads);
      double[] engine = engine(dir, data, reads);
      String[] names = {
        "insert, 1 document per transaction",
        "insert, 1,000 documents per transaction",
        "get by key, 1 thread",
        "get by key, 2 threads"
      };
      String[] goals = {"0.55x", "0.75x", ">= 110,000/s", ">= 235,000/s, 0.9x"};
      System.out.printf("%n| figure | raw RocksDB ops/s | engine ops/s | ratio | goal |%n");
      System.out.printf("|---|---:|---:|---:|---|%n");
      for (int i = 0; i < names.length; i++) {
        System.out.printf(
            "| %s | %,.0f | %,.0f | %.2f | %s |%n",
            names[i], raw[i], engine[i], engine[i] / raw[i], goals[i]);
      }
    } finally {
      if (System.getProperty("bench.dir") == null) {
        delete(dir);
      }
    }
  }

  private static double[] raw(Path dir, BenchData data, int[] reads) throws Exception {
    double[] rates = new double[4];
    try (RawRocksBaseline warm = new RawRocksBaseline(dir.resolve("raw-warmup"), CACHE)) {
      timed("raw warm-up", WARMUP, 1, i -> warm.insert(data.keys[i], n(data, i), data.json[i]));
      timed("raw warm-up gets", WARMUP, 1, i -> warm.get(data.keys[i % WARMUP]));
    }
    try (RawRocksBaseline warm = new RawRocksBaseline(dir.resolve("raw-warmup-batch"), CACHE)) {
      timed(
          "raw warm-up 1000/txn",
          WARMUP / BATCH,
          1,
          b -> warm.insertBatch(data, b * BATCH, (b + 1) * BATCH));
    }
    try (RawRocksBaseline db = new RawRocksBaseline(dir.resolve("raw-single"), CACHE)) {
      rates[0] =
          timed(
              "raw insert 1/txn",
              DOCUMENTS,
              1,
              i -> db.insert(data.keys[i], n(data, i), data.json[i]));
      // Gets are timed without the load's compaction debt and with a warm cache, on both sides.
      db.compact();
      timed("raw cache warm-up", DOCUMENTS, 1, i -> consume(db.get(data.keys[i])));
      rates[2] =
          timed("raw get 1 thread", reads.length, 1, i -> consume(db.get(data.keys[reads[i]])));
      rates[3] =
          timed("raw get 2 threads", reads.length, 2, i -> consume(db.get(data.keys[reads[i]])));
    }
    try (RawRocksBaseline db = new RawRocksBaseline(dir.resolve("raw-batch"), CACHE)) {
      rates[1] =
          timed(
                  "raw insert 1000/txn",
                  DOCUMENTS / BATCH,
                  1,
                  b -> db.insertBatch(data, b * BATCH, (b + 1) * BATCH))
              * BATCH;
    }
    return rates;
  }

  private static double[] engine(Path dir, BenchData data, int[] reads) throws Exception {
    double[] rates = new double[4];
    EngineSettings settings =
        EngineSettings.defaults(dir.resolve("engine"))
            .withMemoryBudget(Baselines.engineBudget(CACHE, 2))
            .withIdleTimeout(Duration.ZERO)
            .withTtlSweepInterval(Duration.ZERO);
    try (EngineHost host = EngineHost.start(settings)) {
      TenantDatabase warm = database(host, "warmup");
      timed("engine warm-up", WARMUP, 1, i -> warm.insert("docs", data.documents[i]));
      timed(
          "engine warm-up gets",
          WARMUP,
          1,
          i -> consume(warm.get("docs", data.keys[i % WARMUP]).orElseThrow()));

      TenantDatabase single = database(host, "single");
      rates[0] =
          timed("engine insert 1/txn", DOCUMENTS, 1, i -> single.insert("docs", data.documents[i]));
      single.compact();
      timed(
          "engine cache warm-up",
          DOCUMENTS,
          1,
          i -> consume(single.get("docs", data.keys[i]).orElseThrow()));
      rates[2] =
          timed(
              "engine get 1 thread",
              reads.length,
              1,
              i -> consume(single.get("docs", data.keys[reads[i]]).orElseThrow()));
      rates[3] =
          timed(
              "engine get 2 threads",
              reads.length,
              2,
              i -> consume(single.get("docs", data.keys[reads[i]]).orElseThrow()));
    }
    // The batch insert gets a host of its own, as the baseline gets a new RocksDB with an empty
    // cache: in the first host the shared cache is full of the gets' blocks, and a new database's
    // memtables would pay for evicting them (charged to the same cache).
    try (EngineHost host = EngineHost.start(settings)) {
      List<tools.jackson.databind.node.ObjectNode> all = Arrays.asList(data.documents);
      TenantDatabase warm = database(host, "warmup-batch");
      timed(
          "engine warm-up 1000/txn",
          WARMUP / BATCH,
          1,
          b ->
              warm.insertAll(
                  "docs", all.subList(b * BATCH, (b + 1) * BATCH), WriteOptions.DEFAULT));
      TenantDatabase batch = database(host, "batch");
      rates[1] =
          timed(
                  "engine insert 1000/txn",
                  DOCUMENTS / BATCH,
                  1,
                  b ->
                      batch.insertAll(
                          "docs", all.subList(b * BATCH, (b + 1) * BATCH), WriteOptions.DEFAULT))
              * BATCH;
    }
    return rates;
  }

  private static TenantDatabase database(EngineHost host, String name) {
    TenantDatabase db = host.create(name);
    db.createCollection("docs", CollectionType.DOCUMENT);
    db.createIndex("docs", IndexSpec.of("byN", "n"), null);
    return db;
  }

  private static int n(BenchData data, int i) {
    return data.documents[i].get("n").intValue();
  }

  private static final AtomicLong SINK = new AtomicLong();

  private static void consume(Object result) {
    if (result == null) {
      throw new IllegalStateException("missing document");
    }
    if (System.identityHashCode(result) == 42) {
      SINK.incrementAndGet();
    }
  }

  /**
   * Runs {@code count} operations on each of {@code threads} threads and answers operations per
   * second over all of them.
   */
  private static double timed(String name, int count, int threads, Operation op) throws Exception {
    Thread[] workers = new Thread[threads];
    Exception[] failure = new Exception[1];
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < count; i++) {
                        op.run(i);
                      }
                    } catch (Exception e) {
                      failure[0] = e;
                    }
                  });
    }
    for (Thread w : workers) {
      w.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = (double) count * threads / seconds;
    System.out.printf("  %-24s %,12.0f ops/s  (%.2f s)%n", name, rate, seconds);
    return rate;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
