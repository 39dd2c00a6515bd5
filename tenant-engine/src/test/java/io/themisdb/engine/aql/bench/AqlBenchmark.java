package io.themisdb.engine.aql.bench;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.bench.Baselines;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * AQL benchmark of issue #4, not a test: the same documents in raw RocksDB (JNI, JSON text, two
 * hand-made index column families) and in the engine, in one process, with each figure's ratio to
 * the raw baseline.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl tenant-engine -Pbench test-compile exec:exec@aql-benchmark
 * </pre>
 *
 * Documents: {@code bench.documents} (200,000) of about 1 KB, an integer {@code x} with about 20
 * documents per value (index {@code byX}), a unique integer {@code u} (unique index {@code byU}),
 * an unindexed {@code y} and padding text. {@code bench.lookups} (5,000) timed lookups per query
 * after as many warm-up ones.
 *
 * <ul>
 *   <li>{@code FILTER d.x == @v RETURN d}: raw is a prefix seek on the index, a multiGet of the
 *       documents and a JSON parse of each (the raw figure).
 *   <li>{@code FILTER d.u == @v RETURN d}: raw is a get on the unique index, a get of the document
 *       and its JSON parse.
 *   <li>Full-scan {@code FILTER d.y == -1} (matches nothing) and {@code COLLECT ... AGGREGATE} over
 *       all documents: raw iterates every document's bytes without parsing them, the least any scan
 *       must do, so the ratio says how much of that bound the engine reaches.
 * </ul>
 */
public final class AqlBenchmark {
  private static final int DOCS = Integer.getInteger("bench.documents", 200_000);
  private static final int LOOKUPS = Integer.getInteger("bench.lookups", 5_000);
  private static final long CACHE = 256L << 20;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AqlBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("aql-bench");
    int values = DOCS / 20;
    ObjectNode[] docs = documents();
    System.out.printf(
        "AqlBenchmark %s: %d documents, %d cores, load average %.1f, Java %s%n",
        LocalDateTime.now().withNano(0),
        DOCS,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.version());
    System.out.printf(
        "raw: %d MiB block cache and default memtables; engine: %d MiB memory budget%n",
        CACHE >> 20, Baselines.engineBudget(CACHE, 3) >> 20);
    List<String[]> rows = new ArrayList<>();
    try (Raw raw = new Raw(dir.resolve("raw"));
        EngineHost host =
            EngineHost.start(
                EngineSettings.defaults(dir.resolve("engine"))
                    .withMemoryBudget(Baselines.engineBudget(CACHE, 3))
                    .withIdleTimeout(Duration.ZERO)
                    .withTtlSweepInterval(Duration.ZERO))) {
      raw.load(docs);
      TenantDatabase db = host.create("bench");
      load(db, docs);
      // Both sides timed without their load's compaction debt, and with every document block read
      // into the cache once (the lookups below touch 100,000 random documents while warming up).
      raw.compact();
      db.compact();
      raw.scan();
      drain(db, "FOR d IN c FILTER d.y == -1 RETURN d", Map.of());

      Random random = new Random(1);
      long[] rawX = latencies(() -> raw.byX(random.nextInt(values)));
      long[] aqlX =
          latencies(
              () ->
                  drain(
                      db,
                      "FOR d IN c FILTER d.x == @v RETURN d",
                      Map.of("v", random.nextInt(values))));
      rows.add(latencyRow("`FILTER d.x == @v RETURN d` (20 documents)", rawX, aqlX, "p50 <= 100"));
      long[] rawU = latencies(() -> raw.byU(random.nextInt(DOCS)));
      long[] aqlU =
          latencies(
              () ->
                  drain(
                      db,
                      "FOR d IN c FILTER d.u == @v RETURN d",
                      Map.of("v", random.nextInt(DOCS))));
      rows.add(latencyRow("`FILTER d.u == @v RETURN d` (unique)", rawU, aqlU, "p50 <= 30"));

      double rawScan = best(() -> raw.scan());
      double aqlScan = best(() -> drain(db, "FOR d IN c FILTER d.y == -1 RETURN d", Map.of()));
      rows.add(
          rateRow("full-scan `FILTER d.y == -1` (no match)", rawScan, aqlScan, ">= 1,000,000"));
      double aqlCollect =
          best(
              () ->
                  drain(
                      db,
                      "FOR d IN c COLLECT g = d.x % 100 AGGREGATE s = SUM(d.u), n = COUNT(1)"
                          + " RETURN [g, s, n]",
                      Map.of()));
      rows.add(
          rateRow("`COLLECT ... AGGREGATE` over all documents", rawScan, aqlCollect, "report"));
    } finally {
      delete(dir);
    }
    System.out.printf(
        "%n| figure | raw RocksDB | engine AQL | ratio (raw/engine time) | goal (issue #4) |%n");
    System.out.printf("|---|---:|---:|---:|---|%n");
    for (String[] r : rows) {
      System.out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) r);
    }
    System.out.printf(
        "load average at the end: %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static ObjectNode[] documents() {
    String padding = "p".repeat(900);
    int values = DOCS / 20;
    ObjectNode[] docs = new ObjectNode[DOCS];
    for (int i = 0; i < DOCS; i++) {
      ObjectNode d = JsonNodeFactory.instance.objectNode();
      d.put("_key", String.format("k%07d", i));
      d.put("x", i % values);
      d.put("u", i);
      d.put("y", i % 7);
      d.put("text", padding);
      docs[i] = d;
    }
    return docs;
  }

  private static void load(TenantDatabase db, ObjectNode[] docs) {
    db.createCollection("c", CollectionType.DOCUMENT);
    db.createIndex("c", IndexSpec.of("byX", "x"), null);
    db.createIndex("c", IndexSpec.of("byU", "u").asUnique(), null);
    for (int from = 0; from < docs.length; from += 1000) {
      db.insertAll(
          "c",
          Arrays.asList(docs).subList(from, Math.min(docs.length, from + 1000)),
          WriteOptions.DEFAULT);
    }
  }

  private static void drain(TenantDatabase db, String aql, Map<String, ?> bind) {
    try (QueryCursor c = db.query(aql, bind, QueryOptions.DEFAULT)) {
      while (c.hasNext()) {
        consume(c.next());
      }
    }
  }

  private static long sink;

  private static void consume(Object o) {
    sink += System.identityHashCode(o) == 42 ? 1 : 0;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** Sorted nanoseconds of {@code LOOKUPS} runs, after as many warm-up runs. */
  private static long[] latencies(Work work) throws Exception {
    for (int i = 0; i < LOOKUPS; i++) {
      work.run();
    }
    long[] nanos = new long[LOOKUPS];
    for (int i = 0; i < LOOKUPS; i++) {
      long start = System.nanoTime();
      work.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  /** Documents per second of the best of three full passes, after one warm-up pass. */
  private static double best(Work pass) throws Exception {
    pass.run();
    long fastest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      pass.run();
      fastest = Math.min(fastest, System.nanoTime() - start);
    }
    return DOCS / (fastest / 1e9);
  }

  private static String[] latencyRow(String name, long[] raw, long[] engine, String goal) {
    long rawP50 = raw[raw.length / 2];
    long engineP50 = engine[engine.length / 2];
    return new String[] {
      name,
      String.format("p50 %d µs, p99 %d µs", rawP50 / 1000, p99(raw) / 1000),
      String.format("p50 %d µs, p99 %d µs", engineP50 / 1000, p99(engine) / 1000),
      String.format("%.2f", (double) rawP50 / engineP50),
      goal + " µs"
    };
  }

  private static long p99(long[] sorted) {
    return sorted[(int) (sorted.length * 0.99)];
  }

  private static String[] rateRow(String name, double raw, double engine, String goal) {
    return new String[] {
      name,
      String.format("%,.0f documents/s", raw),
      String.format("%,.0f documents/s", engine),
      String.format("%.2f", engine / raw),
      goal
    };
  }

  /** Raw RocksDB: documents as JSON by key, index column families for x and u. */
  private static final class Raw implements AutoCloseable {
    static {
      RocksDB.loadLibrary();
    }

    private final LRUCache cache = new LRUCache(CACHE);
    private final BloomFilter filter = new BloomFilter(10);
    private final DBOptions options =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    private final ColumnFamilyOptions cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ReadOptions reads = new ReadOptions();
    private final RocksDB db;

    Raw(Path dir) throws RocksDBException {
      db =
          RocksDB.open(
              options,
              dir.toString(),
              List.of(
                  new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                  new ColumnFamilyDescriptor(utf8("x"), cfOptions),
                  new ColumnFamilyDescriptor(utf8("u"), cfOptions)),
              handles);
    }

    void compact() throws RocksDBException {
      Baselines.compact(db, handles);
    }

    void load(ObjectNode[] docs) throws RocksDBException {
      try (org.rocksdb.WriteOptions writes = new org.rocksdb.WriteOptions()) {
        for (int from = 0; from < docs.length; from += 1000) {
          try (WriteBatch batch = new WriteBatch()) {
            for (int i = from; i < Math.min(docs.length, from + 1000); i++) {
              byte[] key = utf8(docs[i].get("_key").stringValue());
              batch.put(handles.get(0), key, JSON.writeValueAsBytes(docs[i]));
              batch.put(handles.get(1), concat(sortable(docs[i].get("x").intValue()), key), key);
              batch.put(handles.get(2), sortable(docs[i].get("u").intValue()), key);
            }
            db.write(writes, batch);
          }
        }
      }
    }

    void byX(int x) throws RocksDBException {
      byte[] prefix = sortable(x);
      List<byte[]> keys = new ArrayList<>();
      try (RocksIterator it = db.newIterator(handles.get(1), reads)) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          keys.add(it.value());
        }
      }
      for (byte[] json :
          db.multiGetAsList(
              reads, java.util.Collections.nCopies(keys.size(), handles.get(0)), keys)) {
        consume(JSON.readTree(json));
      }
    }

    void byU(int u) throws RocksDBException {
      byte[] key = db.get(handles.get(2), reads, sortable(u));
      JsonNode doc = JSON.readTree(db.get(handles.get(0), reads, key));
      consume(doc);
    }

    void scan() {
      long bytes = 0;
      try (RocksIterator it = db.newIterator(handles.get(0), reads)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          bytes += it.key().length + it.value().length;
        }
      }
      consume(bytes);
    }

    @Override
    public void close() {
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      reads.close();
      cfOptions.close();
      options.close();
      filter.close();
      cache.close();
    }

    private static byte[] sortable(int v) {
      return ByteBuffer.allocate(4).putInt(v ^ Integer.MIN_VALUE).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
      return key.length >= prefix.length
          && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] utf8(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
