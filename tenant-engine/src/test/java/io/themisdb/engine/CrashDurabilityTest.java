package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kills a writing process with SIGKILL and checks that what it acknowledged survived (issue #3): a
 * child JVM ({@link CrashWriter}) inserts and updates documents with {@link Durability#SYNC} in a
 * database with a sorted and a unique index and reports each write before and after it is
 * acknowledged. After the kill the database must hold every acknowledged write (the one write in
 * flight may or may not have happened), nothing that was never attempted, and indexes that agree
 * with a full scan. Several rounds on the same database, each killed at a random point.
 */
class CrashDurabilityTest {
  static final String DATABASE = "crash";
  static final String COLLECTION = "docs";
  private static final int ROUNDS = 4;

  @TempDir Path root;

  static EngineSettings settings(Path root) {
    return EngineSettings.defaults(root)
        .withMemoryBudget(32L << 20)
        .withIdleTimeout(Duration.ZERO)
        .withTtlSweepInterval(Duration.ZERO);
  }

  /** A write the child reported: insert ("I") or update ("U") of key to value. */
  private record Write(String op, String key, int value) {}

  @Test
  void everyAcknowledgedSyncWriteSurvivesSigkillAndIndexesAgreeWithTheDocuments() throws Exception {
    try (EngineHost host = EngineHost.start(settings(root))) {
      TenantDatabase db = host.create(DATABASE);
      db.createCollection(COLLECTION, CollectionType.DOCUMENT);
      db.createIndex(COLLECTION, IndexSpec.of("byValue", "value"), null);
      db.createIndex(COLLECTION, IndexSpec.of("byTag", "tag").asUnique(), null);
    }
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Map<String, Integer> acknowledged = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      int kill = 20 + random.nextInt(300);
      Write inFlight = runChildAndKill("r" + round + "-", random.nextLong(), kill, acknowledged);
      check(acknowledged, inFlight, "seed " + seed + ", round " + round + ", kill after " + kill);
    }
  }

  /**
   * Runs the child until it acknowledged {@code kill} writes, kills it, returns the write in
   * flight.
   */
  private Write runChildAndKill(
      String prefix, long seed, int kill, Map<String, Integer> acknowledged)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path stderr = root.resolve(prefix + "stderr.txt");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                root.toString(),
                prefix,
                Long.toString(seed))
            .redirectError(stderr.toFile())
            .start();
    Write tried = null;
    int acks = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acks < kill && (line = out.readLine()) != null) {
        Write w = parse(line);
        if (line.startsWith("TRY ")) {
          tried = w;
        } else if (line.startsWith("ACK ")) {
          assertThat(w).isEqualTo(tried);
          acknowledged.put(w.key(), w.value());
          tried = null;
          acks++;
        }
      }
      // SIGKILL, as Process.destroyForcibly() sends, but through the handle: that one leaves the
      // pipe open, so acknowledgements printed just before the kill are read and checked too.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // Lines the child printed before it died are acknowledged writes too.
      while ((line = out.readLine()) != null) {
        if (line.startsWith("TRY ")) {
          tried = parse(line);
        } else if (line.startsWith("ACK ") && line.split(" ").length == 4) {
          Write w = parse(line);
          acknowledged.put(w.key(), w.value());
          tried = null;
          acks++;
        }
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(acks)
        .as("child stopped early; stderr: %s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(kill);
    return tried;
  }

  private static Write parse(String line) {
    String[] parts = line.split(" ");
    return new Write(parts[1], parts[2], Integer.parseInt(parts[3]));
  }

  private void check(Map<String, Integer> acknowledged, Write inFlight, String context) {
    try (EngineHost host = EngineHost.start(settings(root))) {
      TenantDatabase db = host.open(DATABASE);
      Map<String, ObjectNode> documents = new HashMap<>();
      String after = null;
      do {
        ScanPage page = db.scan(COLLECTION, after, 500);
        page.documents().forEach(d -> documents.put(d.get("_key").stringValue(), d));
        after = page.resumeAfter();
      } while (after != null);

      for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
        ObjectNode d = documents.get(e.getKey());
        assertThat(d).as("%s: acknowledged %s is missing", context, e.getKey()).isNotNull();
        int value = d.get("value").intValue();
        boolean inFlightUpdate =
            inFlight != null && inFlight.key().equals(e.getKey()) && inFlight.value() == value;
        assertThat(value == e.getValue() || inFlightUpdate)
            .as("%s: %s has %d, acknowledged %d", context, e.getKey(), value, e.getValue())
            .isTrue();
      }
      Set<String> unexpected = new HashSet<>(documents.keySet());
      unexpected.removeAll(acknowledged.keySet());
      if (inFlight != null) {
        unexpected.remove(inFlight.key());
      }
      assertThat(unexpected).as("%s: documents never written", context).isEmpty();

      List<String> byValue = new ArrayList<>();
      List<String> byTag = new ArrayList<>();
      documents.values().stream()
          .sorted(
              java.util.Comparator.<ObjectNode>comparingInt(d -> d.get("value").intValue())
                  .thenComparing(d -> d.get("_key").stringValue()))
          .forEach(d -> byValue.add(d.get("value").intValue() + "/" + d.get("_key").stringValue()));
      documents.values().stream()
          .map(d -> d.get("tag").stringValue() + "/" + d.get("_key").stringValue())
          .sorted()
          .forEach(byTag::add);
      assertThat(entries(db, "byValue")).as("%s: index byValue", context).isEqualTo(byValue);
      assertThat(entries(db, "byTag")).as("%s: index byTag", context).isEqualTo(byTag);

      // The write in flight at the kill either happened or not; later rounds expect what is there.
      if (inFlight != null && documents.containsKey(inFlight.key())) {
        acknowledged.put(inFlight.key(), documents.get(inFlight.key()).get("value").intValue());
      }
    }
  }

  /** Every entry of an index as "value/key", in index order. */
  private static List<String> entries(TenantDatabase db, String index) {
    return db.lookup(COLLECTION, index, IndexQuery.all(), false, Integer.MAX_VALUE).stream()
        .map(h -> text(h.values().getFirst()) + "/" + h.key())
        .toList();
  }

  private static String text(tools.jackson.databind.JsonNode v) {
    return v.isNumber() ? Integer.toString(v.intValue()) : v.stringValue();
  }
}
