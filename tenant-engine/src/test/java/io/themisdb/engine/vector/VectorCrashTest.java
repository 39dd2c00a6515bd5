package io.themisdb.engine.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.ScanPage;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kills a process writing vectors with SIGKILL while its vector index is live in memory, reopens
 * the database and checks that the vector index holds exactly the documents' vectors: none missing,
 * none removed, none stale. Several rounds on one database; the index of a round starts from the
 * snapshot the previous clean close wrote and catches up from the log, never trusted blindly.
 */
class VectorCrashTest {
  static final String DATABASE = "vcrash";
  static final int DIM = 8;
  private static final int ROUNDS = 3;

  @TempDir Path root;

  static ObjectNode document(String key, Random random) {
    ObjectNode d = VectorData.JSON.createObjectNode().put("_key", key);
    ArrayNode v = d.putArray("v");
    for (int i = 0; i < DIM; i++) {
      v.add(random.nextFloat());
    }
    return d;
  }

  @Test
  void afterSigkillTheVectorIndexMatchesTheDocuments() throws Exception {
    try (EngineHost host = EngineHost.start(VectorIndexTest.settings(root))) {
      TenantDatabase db = host.create(DATABASE);
      db.createCollection("c", CollectionType.DOCUMENT);
      db.createIndex(
          "c", IndexSpec.vector("byV", "v", VectorOptions.of(DIM, VectorMetric.EUCLIDEAN)), null);
    }
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      int kill = 30 + random.nextInt(200);
      runChildAndKill("r" + round + "-", random.nextLong(), kill);
      check("seed " + seed + ", round " + round + ", kill after " + kill);
    }
  }

  private void runChildAndKill(String prefix, long seed, int kill) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path stderr = root.resolve(prefix + "stderr.txt");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                VectorCrashWriter.class.getName(),
                root.toString(),
                prefix,
                Long.toString(seed))
            .redirectError(stderr.toFile())
            .start();
    int acks = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acks < kill && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acks++;
        }
      }
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(acks)
        .as("child stopped early; stderr: %s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(kill);
  }

  private void check(String context) {
    try (EngineHost host = EngineHost.start(VectorIndexTest.settings(root))) {
      TenantDatabase db = host.open(DATABASE);
      Map<String, float[]> documents = new HashMap<>();
      String after = null;
      do {
        ScanPage page = db.scan("c", after, 500);
        for (ObjectNode d : page.documents()) {
          documents.put(d.get("_key").stringValue(), VectorIndex.vector(d.get("v"), DIM));
        }
        after = page.resumeAfter();
      } while (after != null);

      assertThat(db.vectors().size("c", "byV")).as(context).isEqualTo(documents.size());
      // Started from the snapshot the last clean close wrote, and caught up with the killed
      // writer's changes from the log: no rebuild.
      VectorIndexStats stats = db.vectors().stats("c", "byV");
      assertThat(stats.loadedFromSnapshot()).as(context).isTrue();
      assertThat(stats.rebuilds()).as(context).isZero();
      for (Map.Entry<String, float[]> e : documents.entrySet()) {
        List<VectorHit> own = db.vectors().distances("c", "byV", e.getValue(), List.of(e.getKey()));
        assertThat(own)
            .as("%s: %s indexed with its vector", context, e.getKey())
            .containsExactly(new VectorHit(e.getKey(), 0f));
      }
      // The exact search agrees too: each document is its own nearest neighbour.
      for (Map.Entry<String, float[]> e : documents.entrySet()) {
        assertThat(db.vectors().exact("c", "byV", e.getValue(), 1).getFirst().key())
            .as(context)
            .isEqualTo(e.getKey());
      }
    }
  }
}
