package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.document.MergePatch;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.keys.KeyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Thousands of random operations, single and in transactions (committed, aborted, and racing a
 * concurrent writer), checked against an in-memory model: documents, revisions, errors, index
 * lookups, and after every few hundred steps the whole content of every index against what a full
 * scan of the documents produces.
 */
class ModelBasedTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final List<String> A_FIELDS = List.of("n", "s");
  private static final List<String> B_FIELDS = List.of("n");

  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;
  Random random;

  /** collection → key → stored document (with _key and _rev). */
  Map<String, TreeMap<String, ObjectNode>> model = new HashMap<>();

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.create("model");
    db.createCollection("a", CollectionType.DOCUMENT);
    db.createCollection("b", CollectionType.DOCUMENT);
    db.createIndex("a", IndexSpec.of("byNS", "n", "s"), null);
    db.createIndex("a", IndexSpec.of("byU", "u").asUnique().asSparse(), null);
    db.createIndex("b", IndexSpec.of("byN", "n"), null);
    model.put("a", new TreeMap<>());
    model.put("b", new TreeMap<>());
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void randomOperationsMatchTheModel() {
    random = new Random(1125);
    for (int step = 0; step < 3000; step++) {
      int dice = random.nextInt(100);
      if (dice < 70) {
        singleOperation();
      } else if (dice < 85) {
        transaction(false);
      } else if (dice < 93) {
        transaction(true);
      } else {
        lookup();
      }
      if (step % 300 == 299) {
        checkEverything();
      }
    }
    checkEverything();
  }

  // --- operations ---

  private void singleOperation() {
    String c = random.nextBoolean() ? "a" : "b";
    apply(new Ops.Single(db), model, c, randomKey());
  }

  /**
   * A transaction of a few operations, committed or aborted. With {@code racing}, a single
   * operation outside the transaction writes documents of collection b meanwhile; a later write of
   * the transaction to such a document must fail with a conflict and abort it.
   */
  private void transaction(boolean racing) {
    Map<String, TreeMap<String, ObjectNode>> view = deepCopy(model);
    Set<String> dirtyOutside = new HashSet<>();
    Set<String> lockedInside = new HashSet<>();
    boolean commit = random.nextInt(4) != 0;
    try (Transaction t = db.begin()) {
      int ops = 1 + random.nextInt(5);
      for (int i = 0; i < ops; i++) {
        if (racing && random.nextBoolean()) {
          String key = randomKey();
          if (!lockedInside.contains(key) && apply(new Ops.Single(db), model, "b", key)) {
            dirtyOutside.add(key);
          }
        }
        String c = racing ? "b" : (random.nextBoolean() ? "a" : "b");
        String key = randomKey();
        if (c.equals("b") && dirtyOutside.contains(key)) {
          assertThatThrownBy(() -> write(new Ops.InTransaction(t), c, key, view))
              .isInstanceOf(ConflictException.class);
          return;
        }
        lockedInside.add(key);
        apply(new Ops.InTransaction(t), view, c, key);
      }
      if (commit) {
        t.commit();
        // Outside writes went to the model directly; the transaction touched other keys of b.
        for (String coll : List.of("a", "b")) {
          for (String k : lockedInside) {
            ObjectNode mine = view.get(coll).get(k);
            if (coll.equals("b") && dirtyOutside.contains(k)) {
              continue;
            }
            if (mine == null) {
              model.get(coll).remove(k);
            } else {
              model.get(coll).put(k, mine);
            }
          }
        }
      } else {
        t.abort();
      }
    }
  }

  private void write(Ops ops, String c, String key, Map<String, TreeMap<String, ObjectNode>> view) {
    ops.replace(c, key, body(), null);
  }

  /**
   * One random operation on {@code key}, checked against {@code view}, which it then updates.
   * Answers whether the operation wrote the document.
   */
  private boolean apply(
      Ops ops, Map<String, TreeMap<String, ObjectNode>> view, String c, String key) {
    TreeMap<String, ObjectNode> docs = view.get(c);
    ObjectNode current = docs.get(key);
    return switch (random.nextInt(7)) {
      case 0, 1 -> {
        ObjectNode body = body().put("_key", key);
        Class<? extends Throwable> expected =
            current != null ? DuplicateKeyException.class : uniqueClash(view, c, key, body);
        yield attempt(
            expected, () -> ops.insert(c, body), meta -> docs.put(key, stamp(body, key, meta)));
      }
      case 2 -> {
        ObjectNode body = body();
        String rev = revisionGuess(current);
        Class<? extends Throwable> expected =
            current == null
                ? DocumentNotFoundException.class
                : rev != null && !rev.equals(current.get("_rev").stringValue())
                    ? RevisionMismatchException.class
                    : uniqueClash(view, c, key, body);
        yield attempt(
            expected,
            () -> ops.replace(c, key, body, rev),
            meta -> docs.put(key, stamp(body, key, meta)));
      }
      case 3, 4 -> {
        ObjectNode patch = patch();
        ObjectNode merged = current == null ? null : (ObjectNode) MergePatch.apply(current, patch);
        Class<? extends Throwable> expected =
            current == null ? DocumentNotFoundException.class : uniqueClash(view, c, key, merged);
        yield attempt(
            expected,
            () -> ops.update(c, key, patch, null),
            meta -> docs.put(key, stamp(merged, key, meta)));
      }
      case 5 -> {
        String rev = revisionGuess(current);
        Class<? extends Throwable> expected =
            current == null
                ? DocumentNotFoundException.class
                : rev != null && !rev.equals(current.get("_rev").stringValue())
                    ? RevisionMismatchException.class
                    : null;
        yield attempt(expected, () -> ops.remove(c, key, rev), meta -> docs.remove(key));
      }
      default -> {
        assertThat(ops.get(c, key)).isEqualTo(Optional.ofNullable(current));
        yield false;
      }
    };
  }

  private static boolean attempt(
      Class<? extends Throwable> expected,
      java.util.function.Supplier<DocumentMeta> op,
      java.util.function.Consumer<DocumentMeta> onSuccess) {
    if (expected == null) {
      onSuccess.accept(op.get());
      return true;
    }
    assertThatThrownBy(op::get).isInstanceOf(expected);
    return false;
  }

  private static Class<? extends Throwable> uniqueClash(
      Map<String, TreeMap<String, ObjectNode>> view, String c, String key, ObjectNode next) {
    if (!c.equals("a")) {
      return null;
    }
    JsonNode u = next.get("u");
    if (u == null || u.isNull()) {
      return null;
    }
    for (var e : view.get("a").entrySet()) {
      JsonNode other = e.getValue().get("u");
      if (!e.getKey().equals(key)
          && other != null
          && !other.isNull()
          && KeyOrder.INSTANCE.compare(other, u) == 0) {
        return UniqueConstraintViolationException.class;
      }
    }
    return null;
  }

  private void lookup() {
    String c = random.nextBoolean() ? "a" : "b";
    String index = c.equals("a") ? "byNS" : "byN";
    List<String> fields = c.equals("a") ? A_FIELDS : B_FIELDS;
    JsonNode low = number();
    JsonNode high = number();
    boolean lowIn = random.nextBoolean();
    boolean highIn = random.nextBoolean();
    boolean equality = random.nextInt(3) == 0;
    boolean descending = random.nextBoolean();
    IndexQuery query =
        equality ? IndexQuery.equality(low) : IndexQuery.range(low, lowIn, high, highIn);
    List<Entry> expected = new ArrayList<>();
    for (Entry e : entries(model.get(c).values(), fields, false)) {
      int lo = KeyOrder.INSTANCE.compare(e.values().getFirst(), low);
      int hi = KeyOrder.INSTANCE.compare(e.values().getFirst(), high);
      boolean match =
          equality ? lo == 0 : (lowIn ? lo >= 0 : lo > 0) && (highIn ? hi <= 0 : hi < 0);
      if (match) {
        expected.add(e);
      }
    }
    if (descending) {
      expected = expected.reversed();
    }
    List<IndexHit> hits = db.lookup(c, index, query, descending, 10_000);
    assertThat(hits.stream().map(IndexHit::key).toList())
        .as("%s %s", index, query)
        .isEqualTo(expected.stream().map(Entry::key).toList());
  }

  // --- full checks ---

  private void checkEverything() {
    for (String c : List.of("a", "b")) {
      List<ObjectNode> scanned = new ArrayList<>();
      String after = null;
      do {
        ScanPage page = db.scan(c, after, 1 + random.nextInt(50));
        scanned.addAll(page.documents());
        after = page.resumeAfter();
      } while (after != null);
      assertThat(scanned).containsExactlyElementsOf(model.get(c).values());
    }
    checkIndex("a", "byNS", A_FIELDS, false);
    checkIndex("a", "byU", List.of("u"), true);
    checkIndex("b", "byN", B_FIELDS, false);
  }

  /** The index holds exactly the entries a full scan of the documents produces, in order. */
  private void checkIndex(String c, String index, List<String> fields, boolean sparse) {
    List<ObjectNode> scanned = db.scan(c, null, 100_000).documents();
    List<Entry> expected = entries(scanned, fields, sparse);
    List<IndexHit> actual = db.lookup(c, index, IndexQuery.all(), false, 100_000);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i).key()).isEqualTo(expected.get(i).key());
      for (int f = 0; f < fields.size(); f++) {
        assertThat(
                KeyOrder.INSTANCE.compare(
                    actual.get(i).values().get(f), expected.get(i).values().get(f)))
            .isZero();
      }
    }
  }

  record Entry(List<JsonNode> values, String key) {}

  private static List<Entry> entries(
      Iterable<ObjectNode> docs, List<String> fields, boolean sparse) {
    List<Entry> entries = new ArrayList<>();
    docs:
    for (ObjectNode d : docs) {
      List<JsonNode> values = new ArrayList<>();
      for (String f : fields) {
        JsonNode v = IndexEntries.attribute(d, f);
        if (v == null || v.isNull()) {
          if (sparse) {
            continue docs;
          }
          v = N.nullNode();
        }
        values.add(v);
      }
      entries.add(new Entry(values, d.get("_key").stringValue()));
    }
    Comparator<Entry> byValues =
        (x, y) -> {
          for (int i = 0; i < x.values().size(); i++) {
            int cmp = KeyOrder.INSTANCE.compare(x.values().get(i), y.values().get(i));
            if (cmp != 0) {
              return cmp;
            }
          }
          return 0;
        };
    entries.sort(byValues.thenComparing(Entry::key));
    return entries;
  }

  // --- random data ---

  private String randomKey() {
    return "k" + random.nextInt(40);
  }

  private JsonNode number() {
    return switch (random.nextInt(4)) {
      case 0 -> N.numberNode(random.nextInt(11) - 5);
      case 1 -> N.numberNode(random.nextInt(11) - 5 + 0.5);
      case 2 -> N.numberNode((double) (random.nextInt(11) - 5));
      default -> N.numberNode((long) random.nextInt(11) - 5);
    };
  }

  private ObjectNode body() {
    ObjectNode body = N.objectNode();
    if (random.nextInt(5) != 0) {
      body.set("n", number());
    }
    if (random.nextBoolean()) {
      body.put("s", List.of("", "a", "b", "ab").get(random.nextInt(4)));
    }
    if (random.nextInt(3) == 0) {
      body.put("u", random.nextInt(30));
    }
    if (random.nextBoolean()) {
      body.putObject("nested").put("x", random.nextInt(3)).putArray("list").add(1).add("two");
    }
    return body;
  }

  private ObjectNode patch() {
    ObjectNode patch = N.objectNode();
    switch (random.nextInt(4)) {
      case 0 -> patch.set("n", number());
      case 1 -> patch.putNull("n");
      case 2 -> patch.put("u", random.nextInt(30));
      default -> patch.putObject("nested").putNull("x").put("y", random.nextInt(3));
    }
    return patch;
  }

  private String revisionGuess(ObjectNode current) {
    if (current == null || random.nextBoolean()) {
      return null;
    }
    return random.nextBoolean() ? current.get("_rev").stringValue() : "stale";
  }

  private static ObjectNode stamp(ObjectNode body, String key, DocumentMeta meta) {
    ObjectNode stored = body.deepCopy();
    stored.put("_key", key);
    stored.put("_rev", meta.revision());
    return stored;
  }

  private static Map<String, TreeMap<String, ObjectNode>> deepCopy(
      Map<String, TreeMap<String, ObjectNode>> m) {
    Map<String, TreeMap<String, ObjectNode>> copy = new HashMap<>();
    m.forEach((c, docs) -> copy.put(c, new TreeMap<>(docs)));
    return copy;
  }

  /** The same operations through a single-operation call or an explicit transaction. */
  sealed interface Ops {
    DocumentMeta insert(String c, ObjectNode doc);

    DocumentMeta replace(String c, String key, ObjectNode doc, String rev);

    DocumentMeta update(String c, String key, ObjectNode patch, String rev);

    DocumentMeta remove(String c, String key, String rev);

    Optional<ObjectNode> get(String c, String key);

    record Single(TenantDatabase db) implements Ops {
      public DocumentMeta insert(String c, ObjectNode doc) {
        return db.insert(c, doc);
      }

      public DocumentMeta replace(String c, String key, ObjectNode doc, String rev) {
        return db.replace(c, key, doc, WriteOptions.ifRevision(rev));
      }

      public DocumentMeta update(String c, String key, ObjectNode patch, String rev) {
        return db.update(c, key, patch, WriteOptions.ifRevision(rev));
      }

      public DocumentMeta remove(String c, String key, String rev) {
        return db.remove(c, key, WriteOptions.ifRevision(rev));
      }

      public Optional<ObjectNode> get(String c, String key) {
        return db.get(c, key);
      }
    }

    record InTransaction(Transaction t) implements Ops {
      public DocumentMeta insert(String c, ObjectNode doc) {
        return t.insert(c, doc);
      }

      public DocumentMeta replace(String c, String key, ObjectNode doc, String rev) {
        return t.replace(c, key, doc, rev);
      }

      public DocumentMeta update(String c, String key, ObjectNode patch, String rev) {
        return t.update(c, key, patch, rev);
      }

      public DocumentMeta remove(String c, String key, String rev) {
        return t.remove(c, key, rev);
      }

      public Optional<ObjectNode> get(String c, String key) {
        return t.get(c, key);
      }
    }
  }
}
