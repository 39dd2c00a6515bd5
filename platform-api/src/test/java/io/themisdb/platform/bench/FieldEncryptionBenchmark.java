package io.themisdb.platform.bench;

import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.TenantKeysSettings;
import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.crypto.FieldProtection;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.platform.keys.TenantFieldCipher;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field-encryption overhead (issue #6), not a test: single-document inserts and gets of about 1 KB
 * documents with two encrypted attributes (one randomized, one deterministic with an index),
 * against the same documents in a collection without a policy (with the same index), in one engine
 * in one process, with the real Tink keys; then two AQL full scans of each collection. Phases
 * alternate plain / encrypted so that neither side always runs on a warmer process. Each side runs
 * on a thread of its own ({@code bench-plain}, {@code bench-encrypted}), so that a profiler (perf,
 * JFR) tells them apart.
 *
 * <pre>
 * ./mvnw -B -ntp -o -Pbench -pl tenant-engine,encryption,platform-api -am -DskipTests \
 *   "-Dbench.jvm=-Xms4g -Xmx4g -XX:+AlwaysPreTouch" \
 *   -Dbench.main=io.themisdb.platform.bench.FieldEncryptionBenchmark integration-test
 * </pre>
 *
 * System properties: {@code bench.documents} per collection (50000), {@code bench.gets} (200000).
 */
public final class FieldEncryptionBenchmark {

  private static final int DOCUMENTS = Integer.getInteger("bench.documents", 50_000);
  private static final int GETS = Integer.getInteger("bench.gets", 200_000);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ROUNDS = 10;
  private static final String[] SCANS = {
    "FOR d IN @@c FILTER d.n < 50000 RETURN d.name", "FOR d IN @@c FILTER d.n < 50000 RETURN d"
  };

  private FieldEncryptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("themis-crypto-bench");
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(dir.resolve("keys")));
        // 512 MiB: four collections of about 55 MB each and their memtables; at 256 MiB the gets
        // missed the cache on both sides (about 150 µs of CPU each) and hid the encryption.
        EngineHost host =
            EngineHost.start(
                EngineSettings.defaults(dir.resolve("engine")).withMemoryBudget(512L << 20),
                EngineExtensions.defaults().withFieldCipher(new TenantFieldCipher(keys)))) {
      keys.provision("bench");
      TenantDatabase db = host.create("bench");
      // The -warm twins take the insert warm-up, so that it can run as long as the JIT needs.
      for (String c : new String[] {"plain", "secret", "plain-warm", "secret-warm"}) {
        db.createCollection(c, CollectionType.DOCUMENT);
        db.createIndex(c, IndexSpec.of("byEmail", "email"), null);
      }
      for (String c : new String[] {"secret", "secret-warm"}) {
        db.setEncryptionPolicy(
            c,
            EncryptionPolicy.of(
                Map.of("ssn", FieldProtection.RANDOMIZED, "email", FieldProtection.DETERMINISTIC)));
      }
      ObjectNode[] docs = documents(DOCUMENTS);
      System.out.printf(
          "FieldEncryptionBenchmark %s: %d documents of %d bytes JSON per collection, %d gets,"
              + " %d cores, Java %s%n",
          LocalDate.now(),
          DOCUMENTS,
          JSON.writeValueAsBytes(docs[0]).length,
          GETS,
          Runtime.getRuntime().availableProcessors(),
          Runtime.version());

      // Warm-up until the JIT is quiet, then rounds that alternate the two sides, so that a busy
      // machine slows both.
      int[] inserted = {0};
      int warmChunk = Math.max(1, DOCUMENTS / 20);
      warm(
          () -> {
            int from = inserted[0];
            inserted[0] = Math.min(DOCUMENTS, from + warmChunk);
            insert(db, "plain-warm", docs, from, inserted[0]);
            insert(db, "secret-warm", docs, from, inserted[0]);
          });
      int warm = inserted[0];
      Rounds inserts = new Rounds();
      int chunk = DOCUMENTS / ROUNDS;
      for (int r = 0; r < ROUNDS; r++) {
        int from = r * chunk;
        int to = r == ROUNDS - 1 ? DOCUMENTS : from + chunk;
        inserts.time(0, r, () -> insert(db, "plain", docs, from, to));
        inserts.time(1, r, () -> insert(db, "secret", docs, from, to));
      }
      // Gets are timed without the inserts' compaction debt, as in the storage benchmark.
      db.compact();
      int[] reads = new Random(7).ints(GETS, 0, DOCUMENTS).toArray();
      int getWarmRuns =
          warm(
              () -> {
                get(db, "plain", docs, reads, 0, GETS / 20);
                get(db, "secret", docs, reads, 0, GETS / 20);
              });
      System.out.printf("warm-up per side: %d inserts, %d gets%n", warm, getWarmRuns * (GETS / 20));
      Rounds gets = new Rounds();
      int slice = GETS / ROUNDS;
      for (int r = 0; r < ROUNDS; r++) {
        int from = r * slice;
        gets.time(0, r, () -> get(db, "plain", docs, reads, from, from + slice));
        gets.time(1, r, () -> get(db, "secret", docs, reads, from, from + slice));
      }
      // AQL full scans, half the documents matching: one reads no encrypted attribute, the
      // other returns whole documents (decrypted). Each round scans every document once.
      Rounds[] scans = new Rounds[SCANS.length];
      for (int q = 0; q < SCANS.length; q++) {
        String query = SCANS[q];
        warm(
            () -> {
              scan(db, "plain", query);
              scan(db, "secret", query);
            });
        scans[q] = new Rounds();
        for (int r = 0; r < ROUNDS; r++) {
          scans[q].time(0, r, () -> scan(db, "plain", query));
          scans[q].time(1, r, () -> scan(db, "secret", query));
        }
      }
      inserts.report("insert", DOCUMENTS);
      gets.report("get", slice * ROUNDS);
      for (int q = 0; q < SCANS.length; q++) {
        System.out.println(SCANS[q] + " (operation: one document scanned)");
        scans[q].report("scan", (long) DOCUMENTS * ROUNDS);
      }
    } finally {
      delete(dir);
    }
  }

  /**
   * Runs {@code work} until two runs in a row compile nothing more (at most 20 runs); returns the
   * number of runs. A C2 compilation can take seconds here, so one quiet run proves little. On a
   * busy machine the JIT's threads lag far behind: the encrypted side's cipher paths, first run in
   * the warm-up, were still being compiled seconds into the timed rounds, and charged to them.
   */
  private static int warm(Runnable work) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    int run = 0;
    int quiet = 0;
    while (run < 20 && quiet < 2) {
      long compiling = jit.getTotalCompilationTime();
      work.run();
      run++;
      quiet = jit.getTotalCompilationTime() == compiling ? quiet + 1 : 0;
    }
    return run;
  }

  private static ObjectNode[] documents(int count) {
    Random random = new Random(42);
    Random addresses = new Random(5);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    ObjectNode[] out = new ObjectNode[count];
    for (int i = 0; i < count; i++) {
      ObjectNode d = JSON.createObjectNode();
      d.put("_key", String.format("doc%07d", i));
      d.put("ssn", String.format("%03d-%02d-%04d", i % 1000, i % 100, i % 10_000));
      // Drawn, not i % 5000: in that order successive inserts landed next to each other in the
      // plain index, cheap in RocksDB's memtable, while ciphertexts land anywhere (issue #6).
      d.put("email", "user" + addresses.nextInt(5_000) + "@example.com");
      d.put("name", words[random.nextInt(words.length)] + "-" + i);
      d.put("n", random.nextInt(100_000));
      StringBuilder text = new StringBuilder(900);
      while (text.length() < 840) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      d.put("text", text.toString());
      out[i] = d;
    }
    return out;
  }

  /** Runs an AQL scan of {@code collection} to the end. */
  private static void scan(TenantDatabase db, String collection, String query) {
    int rows = db.query(query, Map.of("@c", collection), null).all().size();
    if (rows == 0) {
      throw new IllegalStateException(collection + ": " + query + " matched nothing");
    }
  }

  /** Inserts docs[from, to) one by one. */
  private static void insert(
      TenantDatabase db, String collection, ObjectNode[] docs, int from, int to) {
    for (int i = from; i < to; i++) {
      db.insert(collection, docs[i]);
    }
  }

  /** Gets the documents reads[from, to) name by key. */
  private static void get(
      TenantDatabase db, String collection, ObjectNode[] docs, int[] reads, int from, int to) {
    long found = 0;
    for (int i = from; i < to; i++) {
      String key = docs[reads[i]].get("_key").stringValue();
      found += db.get(collection, key).isPresent() ? 1 : 0;
    }
    if (found != to - from) {
      throw new IllegalStateException(collection + ": " + (to - from - found) + " missing");
    }
  }

  /**
   * Wall-clock and CPU time of this thread for each round of both sides (0 plain, 1 encrypted). On
   * a shared machine the wall clock also counts the time other processes held the cores; the
   * thread's CPU time does not (nor the time of RocksDB's background flushes and compactions).
   */
  private static final class Rounds {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    // One named thread per side, so that a profiler (perf, JFR) tells the two sides apart.
    private static final ExecutorService[] SIDES = {side("bench-plain"), side("bench-encrypted")};

    private final long[][] wall = new long[2][ROUNDS];
    private final long[][] cpu = new long[2][ROUNDS];

    void time(int side, int round, Runnable work) {
      Future<?> done =
          SIDES[side].submit(
              () -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                work.run();
                wall[side][round] = System.nanoTime() - start;
                cpu[side][round] = THREADS.getCurrentThreadCpuTime() - cpuStart;
              });
      try {
        done.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * Throughput of both sides; overhead is the extra time per operation of the encrypted one, over
     * all rounds and as the median of the rounds' pairs (each pair ran back to back, so on a shared
     * machine the median is the steadier figure); then the same for CPU time.
     */
    void report(String operation, long operations) {
      long plain = LongStream.of(wall[0]).sum();
      long secret = LongStream.of(wall[1]).sum();
      long plainCpu = LongStream.of(cpu[0]).sum();
      long secretCpu = LongStream.of(cpu[1]).sum();
      System.out.printf(
          "%-7s plain %,10.0f ops/s (%5.1f us)   encrypted %,10.0f ops/s (%5.1f us)   overhead"
              + " %+.1f%% (median of rounds %+.1f%%)%n"
              + "%-7s CPU   %5.1f us / %5.1f us per operation, overhead %+.1f%% (median of rounds"
              + " %+.1f%%)%n",
          operation,
          operations / (plain / 1e9),
          plain / 1e3 / operations,
          operations / (secret / 1e9),
          secret / 1e3 / operations,
          ((double) secret / plain - 1) * 100,
          medianOverhead(wall),
          operation,
          plainCpu / 1e3 / operations,
          secretCpu / 1e3 / operations,
          ((double) secretCpu / plainCpu - 1) * 100,
          medianOverhead(cpu));
    }

    private static ExecutorService side(String name) {
      return Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
          });
    }

    private static double medianOverhead(long[][] nanos) {
      double[] pairs = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        pairs[r] = (double) nanos[1][r] / nanos[0][r];
      }
      Arrays.sort(pairs);
      return ((pairs[(ROUNDS - 1) / 2] + pairs[ROUNDS / 2]) / 2 - 1) * 100;
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
