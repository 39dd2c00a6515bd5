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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field-encryption overhead (issue #6), not a test: single-document inserts and gets of about 1 KB
 * documents with two encrypted attributes (one randomized, one deterministic with an index),
 * against the same documents in a collection without a policy (with the same index), in one engine
 * in one process, with the real Tink keys. Phases alternate plain / encrypted so that neither side
 * always runs on a warmer process.
 *
 * <pre>
 * ./mvnw -B -ntp -o -Pbench -pl tenant-engine,encryption,platform-api -am -DskipTests \
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

  private FieldEncryptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("themis-crypto-bench");
    try (TenantKeys keys = TenantKeys.open(TenantKeysSettings.local(dir.resolve("keys")));
        EngineHost host =
            EngineHost.start(
                EngineSettings.defaults(dir.resolve("engine")).withMemoryBudget(256L << 20),
                EngineExtensions.defaults().withFieldCipher(new TenantFieldCipher(keys)))) {
      keys.provision("bench");
      TenantDatabase db = host.create("bench");
      for (String c : new String[] {"plain", "secret"}) {
        db.createCollection(c, CollectionType.DOCUMENT);
        db.createIndex(c, IndexSpec.of("byEmail", "email"), null);
      }
      db.setEncryptionPolicy(
          "secret",
          EncryptionPolicy.of(
              Map.of("ssn", FieldProtection.RANDOMIZED, "email", FieldProtection.DETERMINISTIC)));
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

      // Warm-up, then rounds that alternate the two sides, so that a busy machine slows both.
      int warm = Math.min(5_000, DOCUMENTS / 5);
      insert(db, "plain", docs, 0, warm);
      insert(db, "secret", docs, 0, warm);
      long[][] insertNanos = new long[2][ROUNDS];
      int chunk = (DOCUMENTS - warm) / ROUNDS;
      for (int r = 0; r < ROUNDS; r++) {
        int from = warm + r * chunk;
        int to = r == ROUNDS - 1 ? DOCUMENTS : from + chunk;
        insertNanos[0][r] = insert(db, "plain", docs, from, to);
        insertNanos[1][r] = insert(db, "secret", docs, from, to);
      }
      int[] reads = new Random(7).ints(GETS, 0, DOCUMENTS).toArray();
      get(db, "plain", docs, reads, 0, GETS / 5);
      get(db, "secret", docs, reads, 0, GETS / 5);
      long[][] getNanos = new long[2][ROUNDS];
      int slice = GETS / ROUNDS;
      for (int r = 0; r < ROUNDS; r++) {
        getNanos[0][r] = get(db, "plain", docs, reads, r * slice, (r + 1) * slice);
        getNanos[1][r] = get(db, "secret", docs, reads, r * slice, (r + 1) * slice);
      }
      report("insert", DOCUMENTS - warm, insertNanos);
      report("get", slice * ROUNDS, getNanos);
    } finally {
      delete(dir);
    }
  }

  private static ObjectNode[] documents(int count) {
    Random random = new Random(42);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    ObjectNode[] out = new ObjectNode[count];
    for (int i = 0; i < count; i++) {
      ObjectNode d = JSON.createObjectNode();
      d.put("_key", String.format("doc%07d", i));
      d.put("ssn", String.format("%03d-%02d-%04d", i % 1000, i % 100, i % 10_000));
      d.put("email", "user" + (i % 5_000) + "@example.com");
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

  /** Inserts docs[from, to) one by one; returns the nanoseconds it took. */
  private static long insert(
      TenantDatabase db, String collection, ObjectNode[] docs, int from, int to) {
    long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      db.insert(collection, docs[i]);
    }
    return System.nanoTime() - start;
  }

  /** Gets the documents reads[from, to) name by key; returns the nanoseconds it took. */
  private static long get(
      TenantDatabase db, String collection, ObjectNode[] docs, int[] reads, int from, int to) {
    long start = System.nanoTime();
    long found = 0;
    for (int i = from; i < to; i++) {
      String key = docs[reads[i]].get("_key").stringValue();
      found += db.get(collection, key).isPresent() ? 1 : 0;
    }
    if (found != to - from) {
      throw new IllegalStateException(collection + ": " + (to - from - found) + " missing");
    }
    return System.nanoTime() - start;
  }

  /**
   * Throughput of both sides; overhead is the extra time per operation of the encrypted one, over
   * all rounds and as the median of the rounds' pairs (each pair ran back to back, so on a shared
   * machine the median is the steadier figure).
   */
  private static void report(String operation, long operations, long[][] rounds) {
    long plainNanos = LongStream.of(rounds[0]).sum();
    long secretNanos = LongStream.of(rounds[1]).sum();
    double[] pairs = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      pairs[r] = (double) rounds[1][r] / rounds[0][r];
    }
    Arrays.sort(pairs);
    double median = (pairs[(ROUNDS - 1) / 2] + pairs[ROUNDS / 2]) / 2;
    System.out.printf(
        "%-7s plain %,10.0f ops/s (%5.1f us)   encrypted %,10.0f ops/s (%5.1f us)   overhead"
            + " %+.1f%% (median of rounds %+.1f%%)%n",
        operation,
        operations / (plainNanos / 1e9),
        plainNanos / 1e3 / operations,
        operations / (secretNanos / 1e9),
        secretNanos / 1e3 / operations,
        ((double) secretNanos / plainNanos - 1) * 100,
        (median - 1) * 100);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
