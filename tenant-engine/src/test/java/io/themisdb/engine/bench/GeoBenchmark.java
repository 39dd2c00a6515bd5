package io.themisdb.engine.bench;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Geo benchmark of issue #8, not a test: points spread uniformly over the sphere, a radius chosen
 * so that a query finds about 100 of them, queried through the geo index (the Java API and AQL)
 * and, as the in-process baseline, by an exact distance check of every point held in a plain array.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl tenant-engine -Pbench test-compile exec:exec@geo-benchmark
 * </pre>
 *
 * System properties: {@code bench.points} (1000000), {@code bench.queries} (20000), {@code
 * bench.hits} points per query on average (100), {@code bench.memoryMiB} the engine's memory budget
 * (512: a million point documents, their geo index entries and the memtables take about 300 MiB;
 * with 256 MiB the AQL queries, which read every hit's document, mostly missed the block cache),
 * {@code bench.dir} (a new temporary directory, deleted afterwards).
 */
public final class GeoBenchmark {
  private static final int POINTS = Integer.getInteger("bench.points", 1_000_000);
  private static final int QUERIES = Integer.getInteger("bench.queries", 20_000);
  private static final int HITS = Integer.getInteger("bench.hits", 100);
  private static final int BASELINE_QUERIES = 200;
  private static final int BATCH = 1_000;
  private static final long MEMORY = Long.getLong("bench.memoryMiB", 512) << 20;

  private GeoBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        System.getProperty("bench.dir") != null
            ? Path.of(System.getProperty("bench.dir"))
            : Files.createTempDirectory("themis-geo-bench");
    Files.createDirectories(dir);
    Random random = new Random(42);
    double[] lonLat = new double[POINTS * 2];
    for (int i = 0; i < POINTS; i++) {
      lonLat[2 * i] = random.nextDouble() * 360 - 180;
      lonLat[2 * i + 1] = Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1));
    }
    // a cap holding HITS / POINTS of the sphere's area: 1 - cos(angle) = 2 * HITS / POINTS
    double metres = Math.acos(1 - 2.0 * HITS / POINTS) * BatchAccelerator.EARTH_RADIUS_METRES;
    double[][] centres = new double[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      centres[q] =
          new double[] {
            random.nextDouble() * 360 - 180, Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1))
          };
    }
    System.out.printf(
        "GeoBenchmark %s: %,d points, radius %.0f m (about %d hits), %d MiB budget, %d cores,"
            + " Java %s%n",
        LocalDate.now(),
        POINTS,
        metres,
        HITS,
        MEMORY >> 20,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    EngineSettings settings =
        EngineSettings.defaults(dir)
            .withMemoryBudget(MEMORY)
            .withIdleTimeout(Duration.ZERO)
            .withTtlSweepInterval(Duration.ZERO);
    try (EngineHost host = EngineHost.start(settings)) {
      TenantDatabase db = host.create("geo");
      db.createCollection("places", CollectionType.DOCUMENT);
      db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
      long start = System.nanoTime();
      for (int from = 0; from < POINTS; from += BATCH) {
        List<ObjectNode> docs = new ArrayList<>(BATCH);
        for (int i = from; i < Math.min(POINTS, from + BATCH); i++) {
          ObjectNode d = JsonNodeFactory.instance.objectNode().put("_key", "p" + i);
          d.putArray("loc").add(lonLat[2 * i]).add(lonLat[2 * i + 1]);
          docs.add(d);
        }
        db.insertAll("places", docs, WriteOptions.DEFAULT);
      }
      System.out.printf(
          "  loaded with the geo index kept in each transaction: %,.0f documents/s%n",
          POINTS / ((System.nanoTime() - start) / 1e9));
      // Queries are timed without the bulk load's compaction debt (at 1,000,000 points the AQL
      // path's document reads otherwise cost ~160 µs each right after loading).
      long compacting = System.nanoTime();
      db.compact();
      System.out.printf(
          "  compacted after loading in %.1f s%n", (System.nanoTime() - compacting) / 1e9);

      // the same answers: the index's hit count equals the brute-force count
      long hits = 0;
      for (int q = 0; q < BASELINE_QUERIES; q++) {
        int indexed =
            db.geoWithinRadius(
                    "places", "byLoc", centres[q][0], centres[q][1], metres, Integer.MAX_VALUE)
                .size();
        int brute = bruteForce(lonLat, centres[q], metres);
        if (indexed != brute) {
          throw new IllegalStateException("query " + q + ": index " + indexed + ", brute " + brute);
        }
        hits += indexed;
      }
      System.out.printf(
          "  %d queries checked against brute force, %.1f hits on average%n",
          BASELINE_QUERIES, (double) hits / BASELINE_QUERIES);

      double[] baseline =
          timed(
              "baseline: exact distance to every point (in-memory array)",
              BASELINE_QUERIES,
              q -> bruteForce(lonLat, centres[q], metres));
      double[] api =
          timed(
              "geo index, Java API (keys and distances)",
              QUERIES,
              q ->
                  db.geoWithinRadius(
                          "places",
                          "byLoc",
                          centres[q][0],
                          centres[q][1],
                          metres,
                          Integer.MAX_VALUE)
                      .size());
      String aql = "FOR d IN places FILTER GEO_DISTANCE(d.loc, @p) <= @r RETURN d";
      double[] query =
          timed(
              "geo index, AQL returning documents",
              QUERIES / 4,
              q -> {
                try (QueryCursor c =
                    db.query(
                        aql,
                        Map.of("p", List.of(centres[q][0], centres[q][1]), "r", metres),
                        QueryOptions.DEFAULT)) {
                  return c.all().size();
                }
              });
      System.out.printf(
          "%n| path | queries/s (1 thread) | p50 µs | p99 µs | queries/CPU-s | CPU p50 µs"
              + " | vs baseline (CPU) |%n");
      System.out.printf("|---|---:|---:|---:|---:|---:|---:|%n");
      row("in-memory full scan, exact distance", baseline, baseline);
      row("geo index, Java API", api, baseline);
      row("geo index, AQL (documents)", query, baseline);
      System.out.println(db.explain(aql, Map.of("p", List.of(0, 0), "r", metres)));
    } finally {
      if (System.getProperty("bench.dir") == null) {
        delete(dir);
      }
    }
  }

  private static int bruteForce(double[] lonLat, double[] centre, double metres) {
    int n = 0;
    for (int i = 0; i < lonLat.length; i += 2) {
      if (CpuBatchAccelerator.haversine(lonLat[i], lonLat[i + 1], centre[0], centre[1]) <= metres) {
        n++;
      }
    }
    return n;
  }

  @FunctionalInterface
  private interface Query {
    int run(int index) throws Exception;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Runs the queries one after another; answers {queries/s, p50 µs, p99 µs, queries per CPU second,
   * p50 CPU µs}. The CPU figures count only this thread's CPU time (RocksDB runs in it through
   * JNI), so they stay meaningful on a machine shared with other work.
   */
  private static double[] timed(String name, int count, Query query) throws Exception {
    int warmup = Math.max(1, count / 10);
    for (int i = 0; i < warmup; i++) {
      query.run(count - 1 - i);
    }
    long[] nanos = new long[count];
    long[] cpu = new long[count];
    long sink = 0;
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      sink += query.run(i);
      nanos[i] = System.nanoTime() - t;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    double[] out = {
      count / seconds,
      nanos[count / 2] / 1e3,
      nanos[(int) (count * 0.99)] / 1e3,
      count / cpuSeconds,
      cpu[count / 2] / 1e3
    };
    System.out.printf(
        "  %-58s %,10.0f queries/s  p50 %,8.1f µs  p99 %,9.1f µs; %,10.0f queries/CPU-s,"
            + " CPU p50 %,8.1f µs  (%,d hits)%n",
        name, out[0], out[1], out[2], out[3], out[4], sink);
    return out;
  }

  private static void row(String name, double[] r, double[] baseline) {
    System.out.printf(
        "| %s | %,.0f | %,.1f | %,.1f | %,.0f | %,.1f | %.0fx |%n",
        name, r[0], r[1], r[2], r[3], r[4], r[3] / baseline[3]);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
