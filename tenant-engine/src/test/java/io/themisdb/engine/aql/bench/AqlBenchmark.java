package io.themisdb.engine.aql.bench;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.ScanPage;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * AQL against the engine's own API in the same process (issue #4's query shapes). Not a test:
 * surefire does not pick up *Benchmark classes, so run it explicitly:
 *
 * <pre>./mvnw -B -ntp -o test -pl tenant-engine -Dtest=AqlBenchmark -Dbench.docs=50000</pre>
 *
 * Baseline for lookups: one transaction doing Transaction.lookup on the index and get per hit,
 * which is what the AQL index scan does underneath; the ratio is the cost of parsing, planning and
 * running the query on top.
 */
class AqlBenchmark {
  private static final int DOCS = Integer.getInteger("bench.docs", 50_000);
  private static final int LOOKUPS = Integer.getInteger("bench.lookups", 2_000);

  @Test
  void run() throws Exception {
    Path dir = Files.createTempDirectory("aql-bench");
    try (EngineHost host = EngineHost.start(EngineSettings.defaults(dir))) {
      TenantDatabase db = host.create("bench");
      load(db);
      Random random = new Random(1);
      int values = DOCS / 20;

      long[] base = time(i -> baselineLookup(db, "byX", random.nextInt(values)));
      long[] aql =
          time(
              i ->
                  drain(
                      db,
                      "FOR d IN c FILTER d.x == @v RETURN d",
                      Map.of("v", random.nextInt(values))));
      report("x == @v (about 20 hits)", base, aql);

      long[] baseU = time(i -> baselineLookup(db, "byU", random.nextInt(DOCS)));
      long[] aqlU =
          time(
              i ->
                  drain(
                      db,
                      "FOR d IN c FILTER d.u == @v RETURN d",
                      Map.of("v", random.nextInt(DOCS))));
      report("u == @v (1 hit)", baseU, aqlU);

      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        long seen = 0;
        String resume = null;
        do {
          ScanPage page = db.scan("c", resume, 1000);
          for (ObjectNode d : page.documents()) {
            seen += d.get("y").intValue() == -1 ? 0 : 1;
          }
          resume = page.resumeAfter();
        } while (resume != null);
        double apiSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        drain(db, "FOR d IN c FILTER d.y == -1 RETURN d", Map.of());
        double aqlSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "full-scan FILTER on an unindexed attribute, round %d: API %.0f documents/s | AQL %.0f"
                + " documents/s | AQL/API throughput %.2f (%d scanned)%n",
            round, DOCS / apiSeconds, DOCS / aqlSeconds, apiSeconds / aqlSeconds, seen);
      }

      long start = System.nanoTime();
      drain(
          db,
          "FOR d IN c COLLECT g = d.x % 100 AGGREGATE s = SUM(d.u), n = COUNT(1) RETURN [g, s, n]",
          Map.of());
      double collectSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "COLLECT ... AGGREGATE over all documents: %.0f documents/s%n", DOCS / collectSeconds);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void load(TenantDatabase db) {
    db.createCollection("c", CollectionType.DOCUMENT);
    db.createIndex("c", IndexSpec.of("byX", "x"), null);
    db.createIndex("c", IndexSpec.of("byU", "u").asUnique(), null);
    String padding = "p".repeat(900);
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      ObjectNode d = Values.object();
      d.put("x", i % (DOCS / 20));
      d.put("u", i);
      d.put("y", i % 7);
      d.put("text", padding);
      batch.add(d);
      if (batch.size() == 1000) {
        db.insertAll("c", batch, WriteOptions.DEFAULT);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      db.insertAll("c", batch, WriteOptions.DEFAULT);
    }
  }

  private static void baselineLookup(TenantDatabase db, String index, int value) {
    try (Transaction t = db.begin()) {
      for (IndexHit h :
          t.lookup(
              "c", index, IndexQuery.equality(Values.number(value)), false, Integer.MAX_VALUE)) {
        t.get("c", h.key()).orElseThrow();
      }
    }
  }

  private static void drain(TenantDatabase db, String aql, Map<String, ?> bind) {
    try (QueryCursor c = db.query(aql, bind, QueryOptions.DEFAULT)) {
      while (c.hasNext()) {
        c.next();
      }
    }
  }

  private static long[] time(IntConsumer work) {
    for (int i = 0; i < LOOKUPS / 4; i++) {
      work.accept(i);
    }
    long[] nanos = new long[LOOKUPS];
    for (int i = 0; i < LOOKUPS; i++) {
      long start = System.nanoTime();
      work.accept(i);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String what, long[] base, long[] aql) {
    long bp50 = base[base.length / 2];
    long bp99 = base[(int) (base.length * 0.99)];
    long ap50 = aql[aql.length / 2];
    long ap99 = aql[(int) (aql.length * 0.99)];
    System.out.printf(
        "%s: API p50 %d us p99 %d us | AQL p50 %d us p99 %d us | AQL/API p50 ratio %.2f%n",
        what, bp50 / 1000, bp99 / 1000, ap50 / 1000, ap99 / 1000, (double) ap50 / bp50);
  }
}
