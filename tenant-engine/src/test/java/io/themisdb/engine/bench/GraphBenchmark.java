package io.themisdb.engine.bench;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.graph.Budget;
import io.themisdb.engine.graph.Direction;
import io.themisdb.engine.graph.GraphAlgorithms;
import io.themisdb.engine.graph.GraphAlgorithms.GraphScope;
import io.themisdb.engine.graph.Traversal;
import io.themisdb.engine.graph.Traverser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Depth-3 OUTBOUND traversals (breadth first, each vertex once) over a random graph of {@code
 * bench.vertices} vertices with {@code bench.degree} outbound edges each: the engine through the
 * edge index (Java API, and AQL counting the vertices reached), against the same breadth-first
 * search over plain RocksDB with an adjacency layout ({@code from, 0x00, edge key -> to}, flushed
 * and compacted) in the same process. Then PageRank and connected components over the whole graph,
 * reading the edges from the edge index against the in-memory adjacency. Not a test: run with
 * {@code ./mvnw -B -ntp -o -pl tenant-engine -Pbench test-compile exec:exec@graph-benchmark}, see
 * docs/performance.md.
 */
public final class GraphBenchmark {
  private static final int VERTICES = Integer.getInteger("bench.vertices", 100_000);
  private static final int DEGREE = Integer.getInteger("bench.degree", 10);
  private static final int TRAVERSALS = Integer.getInteger("bench.traversals", 16_000);
  private static final long CACHE = Long.getLong("bench.cacheMiB", 256) << 20;
  private static final int ALGORITHM_RUNS = Integer.getInteger("bench.algorithmRuns", 5);
  private static final int PAGE_RANK_ITERATIONS = 20;
  private static final int BATCH = 1_000;

  private GraphBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("themis-graph-bench");
    Random random = new Random(42);
    int[][] targets = new int[VERTICES][DEGREE];
    for (int[] t : targets) {
      for (int j = 0; j < DEGREE; j++) {
        t[j] = random.nextInt(VERTICES);
      }
    }
    int[] starts = random.ints(TRAVERSALS, 0, VERTICES).toArray();
    System.out.printf(
        "GraphBenchmark %s: %,d vertices, %,d edges, depth 3, %,d traversals, %d cores, Java %s%n",
        LocalDate.now(),
        VERTICES,
        (long) VERTICES * DEGREE,
        TRAVERSALS,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    try {
      double[] raw = raw(dir.resolve("raw"), targets, starts);
      double[] engine = engine(dir.resolve("engine"), targets, starts);
      double[][] algorithms = algorithms(dir.resolve("engine"));
      System.out.printf(
          "%nvertices reached per traversal: raw %.0f, engine %.0f%n", raw[1], engine[1]);
      System.out.printf(
          "%n| figure (per CPU-second) | raw RocksDB traversals/s | engine traversals/s | ratio | goal |%n");
      System.out.printf("|---|---:|---:|---:|---|%n");
      System.out.printf(
          "| depth-3 OUTBOUND, Java API | %,.0f | %,.0f | %.2f | >= 3,200/s |%n",
          raw[0], engine[0], engine[0] / raw[0]);
      System.out.printf(
          "| depth-3 OUTBOUND, AQL `COLLECT WITH COUNT` | %,.0f | %,.0f | %.2f | - |%n",
          raw[0], engine[2], engine[2] / raw[0]);
      System.out.printf(
          "%n| figure (per CPU-second) | edge index runs/s | in-memory adjacency runs/s | ratio |%n");
      System.out.printf("|---|---:|---:|---:|%n");
      System.out.printf(
          "| PageRank, %d iterations | %.2f | %.2f | %.2f |%n",
          PAGE_RANK_ITERATIONS,
          algorithms[0][0],
          algorithms[1][0],
          algorithms[1][0] / algorithms[0][0]);
      System.out.printf(
          "| connected components | %.2f | %.2f | %.2f |%n",
          algorithms[0][1], algorithms[1][1], algorithms[1][1] / algorithms[0][1]);
    } finally {
      delete(dir);
    }
  }

  private static String vertex(int i) {
    return "v/" + i;
  }

  private static double[] raw(Path dir, int[][] targets, int[] starts) throws Exception {
    RocksDB.loadLibrary();
    try (LRUCache cache = new LRUCache(CACHE);
        BloomFilter filter = new BloomFilter(10);
        Options options =
            new Options()
                .setCreateIfMissing(true)
                .setTableFormatConfig(
                    new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
        RocksDB db = RocksDB.open(options, dir.toString());
        org.rocksdb.WriteOptions writes = new org.rocksdb.WriteOptions();
        ReadOptions reads = new ReadOptions()) {
      long start = System.nanoTime();
      for (int from = 0; from < targets.length; from += BATCH) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int v = from; v < Math.min(targets.length, from + BATCH); v++) {
            for (int j = 0; j < DEGREE; j++) {
              batch.put(utf8(vertex(v) + "\0" + "e" + v + "-" + j), utf8(vertex(targets[v][j])));
            }
          }
          db.write(writes, batch);
        }
      }
      // Read from SST files as the engine does (its small write buffers flush long before 1 M
      // edges), not from a 64 MiB memtable that happens to hold the whole graph.
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush);
      }
      db.compactRange();
      System.out.printf("  raw load %.1f s%n", (System.nanoTime() - start) / 1e9);
      long[] reached = new long[1];
      timed("raw warm-up", starts.length / 4, i -> rawBfs(db, reads, vertex(starts[i])));
      double rate =
          timed(
              "raw BFS depth 3",
              starts.length,
              i -> reached[0] += rawBfs(db, reads, vertex(starts[i])));
      return new double[] {rate, (double) reached[0] / starts.length};
    }
  }

  /** Breadth-first to depth 3, each vertex once; returns the vertices reached (start excluded). */
  private static int rawBfs(RocksDB db, ReadOptions reads, String start) {
    Set<String> seen = new HashSet<>();
    seen.add(start);
    List<String> layer = List.of(start);
    try (RocksIterator it = db.newIterator(reads)) {
      for (int depth = 0; depth < 3; depth++) {
        List<String> next = new ArrayList<>();
        for (String v : layer) {
          byte[] prefix = utf8(v + "\0");
          for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
            String to = new String(it.value(), StandardCharsets.UTF_8);
            if (seen.add(to)) {
              next.add(to);
            }
          }
        }
        layer = next;
      }
    }
    return seen.size() - 1;
  }

  private static double[] engine(Path dir, int[][] targets, int[] starts) throws Exception {
    EngineSettings settings =
        EngineSettings.defaults(dir)
            .withMemoryBudget(CACHE)
            .withIdleTimeout(Duration.ZERO)
            .withTtlSweepInterval(Duration.ZERO);
    try (EngineHost host = EngineHost.start(settings)) {
      TenantDatabase db = host.create("graph");
      db.createCollection("v", CollectionType.DOCUMENT);
      db.createCollection("edges", CollectionType.EDGE);
      long start = System.nanoTime();
      JsonNodeFactory n = JsonNodeFactory.instance;
      for (int from = 0; from < targets.length; from += BATCH) {
        List<ObjectNode> vertices = new ArrayList<>();
        List<ObjectNode> edges = new ArrayList<>();
        for (int v = from; v < Math.min(targets.length, from + BATCH); v++) {
          vertices.add(n.objectNode().put("_key", Integer.toString(v)).put("n", v));
          for (int j = 0; j < DEGREE; j++) {
            edges.add(
                n.objectNode()
                    .put("_key", "e" + v + "-" + j)
                    .put("_from", vertex(v))
                    .put("_to", vertex(targets[v][j])));
          }
        }
        db.insertAll("v", vertices, WriteOptions.DEFAULT);
        db.insertAll("edges", edges, WriteOptions.DEFAULT);
      }
      System.out.printf("  engine load %.1f s%n", (System.nanoTime() - start) / 1e9);
      Traversal spec =
          Traversal.of(Direction.OUTBOUND, 1, 3, "edges")
              .withOrder(Traversal.Order.BFS)
              .withUniqueness(Traversal.UniqueVertices.GLOBAL, Traversal.UniqueEdges.PATH);
      long build = System.nanoTime();
      traverse(db, spec, vertex(starts[0]));
      System.out.printf(
          "  first traversal %.1f s (builds the in-memory adjacency: %,d MiB)%n",
          (System.nanoTime() - build) / 1e9, host.graphCacheBytes() >> 20);
      long[] reached = new long[1];
      timed("engine warm-up", starts.length / 4, i -> traverse(db, spec, vertex(starts[i])));
      double rate =
          timed(
              "engine BFS depth 3",
              starts.length,
              i -> reached[0] += traverse(db, spec, vertex(starts[i])));
      String aql =
          "FOR v IN 1..3 OUTBOUND @s edges OPTIONS {order: 'bfs', uniqueVertices: 'global'}"
              + " COLLECT WITH COUNT INTO n RETURN n";
      double aqlRate =
          timed(
              "engine AQL depth 3",
              starts.length / 4,
              i -> {
                try (QueryCursor c =
                    db.query(aql, Map.of("s", vertex(starts[i])), QueryOptions.DEFAULT)) {
                  c.all();
                }
              });
      return new double[] {rate, (double) reached[0] / starts.length, aqlRate};
    }
  }

  /**
   * PageRank and connected components over the whole graph the engine run left in {@code dir}: with
   * the graph cache off (every edge read from the edge index) and on (from the in-memory adjacency,
   * which the warm-up run builds), one host after the other on the same data. Returns the runs per
   * CPU-second of each, index first.
   */
  private static double[][] algorithms(Path dir) throws Exception {
    GraphScope scope = new GraphScope("v", List.of("edges"), VERTICES, (long) VERTICES * DEGREE);
    double[][] rates = new double[2][];
    for (int cached = 0; cached < 2; cached++) {
      EngineSettings settings =
          EngineSettings.defaults(dir)
              .withMemoryBudget(CACHE)
              .withIdleTimeout(Duration.ZERO)
              .withTtlSweepInterval(Duration.ZERO);
      try (EngineHost host =
          EngineHost.start(cached == 0 ? settings.withGraphCacheBytes(0) : settings)) {
        TenantDatabase db = host.open("graph");
        String path = cached == 0 ? "edge index" : "adjacency";
        Operation pageRank =
            i -> GraphAlgorithms.pageRank(db, scope, 0.85, PAGE_RANK_ITERATIONS, 0);
        Operation components = i -> GraphAlgorithms.connectedComponents(db, scope);
        timed("warm-up, " + path, 2, i -> pageRank.run(i));
        rates[cached] =
            new double[] {
              timed("PageRank, " + path, ALGORITHM_RUNS, pageRank),
              timed("components, " + path, ALGORITHM_RUNS, components)
            };
      }
    }
    return rates;
  }

  private static int traverse(TenantDatabase db, Traversal spec, String start) {
    int count = 0;
    try (Transaction t = db.begin();
        Traverser traverser = new Traverser(t, spec, start, null, Budget.of(0, 0))) {
      while (traverser.next() != null) {
        count++;
      }
    }
    return count;
  }

  private interface Operation {
    void run(int i) throws Exception;
  }

  /**
   * Runs {@code op} {@code count} times; returns the rate per second of this thread's CPU time,
   * which other processes on a shared machine disturb far less than wall time (printed too).
   */
  private static double timed(String name, int count, Operation op) throws Exception {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      op.run(i);
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = count / cpu;
    System.out.printf(
        "  %-24s %,10.1f runs/CPU-s  %,10.1f runs/s  (%.2f s)%n",
        name, rate, count / seconds, seconds);
    return rate;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
