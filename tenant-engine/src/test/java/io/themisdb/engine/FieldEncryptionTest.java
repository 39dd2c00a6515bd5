package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.crypto.DocumentCrypto;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.crypto.FieldProtection;
import io.themisdb.engine.crypto.Pace;
import io.themisdb.engine.crypto.ReencryptionProgress;
import io.themisdb.engine.crypto.TestFieldCipher;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import io.themisdb.testsupport.DiskCanary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FieldEncryptionTest {

  private static final EncryptionPolicy POLICY =
      EncryptionPolicy.of(
          Map.of("ssn", FieldProtection.RANDOMIZED, "email", FieldProtection.DETERMINISTIC));

  @TempDir Path root;
  final TestFieldCipher cipher = new TestFieldCipher();
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host =
        EngineHost.start(
            EngineFixture.settings(root), EngineExtensions.defaults().withFieldCipher(cipher));
    db = host.create("acme");
    db.createCollection("people", CollectionType.DOCUMENT);
    db.setEncryptionPolicy("people", POLICY);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void encryptedAttributesAreStoredAsCiphertextAndReadInTheClear() {
    db.insert("people", person("a", "123-45", "a@example.com", "Ann"));
    db.update("people", "a", json("{\"name\":\"Anna\",\"card\":{\"n\":1}}"));

    ObjectNode read = db.get("people", "a").orElseThrow();
    assertThat(read.get("ssn").stringValue()).isEqualTo("123-45");
    assertThat(read.get("email").stringValue()).isEqualTo("a@example.com");
    assertThat(read.get("name").stringValue()).isEqualTo("Anna");
    ObjectNode stored = raw(db, "people", "a");
    assertThat(DocumentCrypto.isCiphertext(stored.get("ssn"))).isTrue();
    assertThat(DocumentCrypto.isCiphertext(stored.get("email"))).isTrue();
    assertThat(stored.get("name").stringValue()).isEqualTo("Anna");
    List<JsonNode> viaAql =
        db.query("FOR d IN people RETURN [d.ssn, d.email]", Map.of(), null).all();
    assertThat(viaAql.getFirst().toString()).isEqualTo("[\"123-45\",\"a@example.com\"]");
    try (Transaction t = db.begin()) {
      assertThat(t.get("people", "a").orElseThrow().get("ssn").stringValue()).isEqualTo("123-45");
      assertThat(t.scan("people", null, 10).documents().getFirst().get("email").stringValue())
          .isEqualTo("a@example.com");
    }
  }

  @Test
  void projectedScansAndBatchedIndexReadsDecryptToo() {
    db.insert("people", person("a", "123-45", "a@example.com", "Ann"));
    db.insert("people", person("b", "678-90", "b@example.com", "Bob"));
    // a full scan that reads only some attributes, with an early filter on an encrypted one
    assertThat(strings("FOR d IN people FILTER d.email == 'b@example.com' RETURN d.ssn"))
        .containsExactly("678-90");
    // an index scan reads its documents in batches
    db.createIndex("people", IndexSpec.of("by_name", "name"), null);
    assertThat(strings("FOR d IN people FILTER d.name >= 'A' SORT d.name RETURN d.ssn"))
        .containsExactly("123-45", "678-90");
  }

  @Test // #6: a scan decrypts only the encrypted attributes its query reads
  void projectedScansDecryptOnlyTheEncryptedAttributesTheQueryReads() {
    db.insert("people", person("a", "123-45", "a@example.com", "Ann"));
    db.insert("people", person("b", "678-90", "b@example.com", "Bob"));

    long before = cipher.decryptions();
    assertThat(strings("FOR d IN people FILTER d.name == 'Bob' RETURN d.name"))
        .containsExactly("Bob");
    assertThat(cipher.decryptions() - before).isZero();

    before = cipher.decryptions();
    assertThat(strings("FOR d IN people RETURN d.ssn")).containsExactly("123-45", "678-90");
    assertThat(cipher.decryptions() - before).isEqualTo(2);

    before = cipher.decryptions();
    assertThat(strings("FOR d IN people FILTER d.email == 'a@example.com' RETURN d.name"))
        .containsExactly("Ann");
    // each email for the filter, and the match's again: its projection holds every attribute the
    // loop reads (the whole documents, before: 4)
    assertThat(cipher.decryptions() - before).isEqualTo(3);

    // an index scan reads only what the query reads too
    db.createIndex("people", IndexSpec.of("by_name", "name"), null);
    before = cipher.decryptions();
    assertThat(strings("FOR d IN people FILTER d.name == 'Bob' RETURN d.name"))
        .containsExactly("Bob");
    assertThat(strings("FOR d IN people FILTER d.name >= 'A' RETURN d.ssn"))
        .containsExactly("123-45", "678-90");
    assertThat(cipher.decryptions() - before).isEqualTo(2);

    // the whole document still comes back decrypted
    before = cipher.decryptions();
    JsonNode whole =
        db.query("FOR d IN people FILTER d.name == 'Ann' RETURN d", Map.of(), null)
            .all()
            .getFirst();
    assertThat(whole.get("ssn").stringValue()).isEqualTo("123-45");
    assertThat(whole.get("email").stringValue()).isEqualTo("a@example.com");
    assertThat(cipher.decryptions() - before).isEqualTo(2);
  }

  private List<String> strings(String aql) {
    return db.query(aql, Map.of(), null).all().stream().map(JsonNode::stringValue).toList();
  }

  @Test
  void canaryNeverReachesTheDatabaseFilesOrBackups() throws IOException {
    String secret = "CANARY-SECRET-7f3a9c";
    String lookup = "CANARY-LOOKUP-51be02";
    String control = "CANARY-CONTROL-c0ffee";
    for (int i = 0; i < 50; i++) {
      db.insert("people", person("p" + i, secret + i, lookup + i, control + i));
    }
    db.createIndex("people", IndexSpec.of("byEmail", "email"), null);
    Path backup = root.resolve("backup-acme");
    host.backup("acme", backup); // a RocksDB checkpoint flushes the memtables to SST files

    for (Path dir : List.of(root.resolve("acme"), backup)) {
      byte[] all = DiskCanary.bytesUnder(dir);
      assertThat(DiskCanary.contains(all, control)).as("control field in %s", dir).isTrue();
      assertThat(DiskCanary.contains(all, secret)).as("randomized field in %s", dir).isFalse();
      assertThat(DiskCanary.contains(all, lookup)).as("deterministic field in %s", dir).isFalse();
    }
    assertThat(db.get("people", "p7").orElseThrow().get("ssn").stringValue()).isEqualTo(secret + 7);
  }

  @Test
  void equalityLookupsFindTheSameDocumentsWithAndWithoutIndexAsPlaintext() {
    db.createCollection("plain", CollectionType.DOCUMENT);
    for (int i = 0; i < 60; i++) {
      ObjectNode p = person("k" + i, "s" + i, "user" + (i % 7) + "@example.com", "n" + i);
      p.put("score", i % 3 == 0 ? 1.0 : 1);
      db.insert("people", p.deepCopy());
      db.insert("plain", p);
    }
    List<String> queries =
        List.of(
            "FOR d IN %s FILTER d.email == @v RETURN d._key",
            "FOR d IN %s FILTER @v == d.email RETURN d._key",
            "FOR d IN %s FILTER d.email IN [@v, 'user5@example.com', 'nobody'] RETURN d._key",
            "FOR d IN %s FILTER d.email == @v OR d.email == 'user6@example.com' RETURN d._key",
            "FOR d IN %s FILTER d.email != @v RETURN d._key",
            "FOR d IN %s FILTER d.ssn == 's12' RETURN d._key");
    Map<String, Object> bindV = Map.of("v", "user3@example.com");
    Map<String, Set<String>> expected = new HashMap<>();
    for (String q : queries) {
      Map<String, Object> bind = q.contains("@v") ? bindV : Map.of();
      Set<String> plain = keys(db.query(q.formatted("plain"), bind, null).all());
      assertThat(plain).isNotEmpty();
      expected.put(q, plain);
      assertThat(keys(db.query(q.formatted("people"), bind, null).all())).as(q).isEqualTo(plain);
    }

    db.createIndex("people", IndexSpec.of("byEmail", "email"), null);
    assertThat(db.explain(queries.getFirst().formatted("people"), bindV)).contains("byEmail");
    assertThat(db.explain(queries.get(2).formatted("people"), bindV)).contains("byEmail");
    for (String q : queries) {
      Map<String, Object> bind = q.contains("@v") ? bindV : Map.of();
      assertThat(keys(db.query(q.formatted("people"), bind, null).all()))
          .as("indexed: " + q)
          .isEqualTo(expected.get(q));
    }
    // a join probes the index with values of the outer loop
    String join =
        "FOR p IN %s FILTER p._key == 'k3' FOR d IN people FILTER d.email == p.email"
            + " RETURN d._key";
    assertThat(keys(db.query(join.formatted("plain"), Map.of(), null).all()))
        .isEqualTo(keys(db.query(join.formatted("people"), Map.of(), null).all()))
        .hasSize(9);
  }

  @Test
  void anyJsonValueCanBeEncryptedAndEqualNumbersMatch() {
    db.createCollection("mixed", CollectionType.DOCUMENT);
    db.setEncryptionPolicy(
        "mixed",
        EncryptionPolicy.of(
            Map.of("card", FieldProtection.RANDOMIZED, "level", FieldProtection.DETERMINISTIC)));
    db.insert("mixed", json("{\"_key\":\"a\",\"card\":{\"n\":[1,2],\"x\":null},\"level\":1}"));
    db.insert("mixed", json("{\"_key\":\"b\",\"card\":true,\"level\":1.0}"));
    db.insert("mixed", json("{\"_key\":\"c\",\"card\":null,\"level\":{\"b\":1,\"a\":2}}"));

    assertThat(db.get("mixed", "a").orElseThrow().get("card").toString())
        .isEqualTo("{\"n\":[1,2],\"x\":null}");
    assertThat(db.get("mixed", "b").orElseThrow().get("card").booleanValue()).isTrue();
    assertThat(raw(db, "mixed", "c").get("card").isNull()).isTrue(); // null stays null
    String byLevel = "FOR d IN mixed FILTER d.level == @v RETURN d._key";
    String byObject = "FOR d IN mixed FILTER d.level == {a: 2, b: 1} RETURN d._key";
    for (boolean indexed : new boolean[] {false, true}) {
      if (indexed) {
        db.createIndex("mixed", IndexSpec.of("byLevel", "level"), null);
      }
      assertThat(keys(db.query(byLevel, Map.of("v", 1), null).all())).containsExactly("a", "b");
      assertThat(keys(db.query(byObject, Map.of(), null).all())).containsExactly("c");
    }
  }

  @Test // #6: the insert path may stop deep-copying documents; sealing must not write through
  void encryptedWritesLeaveTheCallersDocumentUnchanged() {
    db.createCollection("cards", CollectionType.DOCUMENT);
    db.setEncryptionPolicy(
        "cards",
        EncryptionPolicy.of(
            Map.of(
                "card.number", FieldProtection.RANDOMIZED,
                "card.holder.email", FieldProtection.DETERMINISTIC,
                "ssn", FieldProtection.RANDOMIZED)));
    String text =
        "{\"_key\":\"a\",\"ssn\":\"123-45\","
            + "\"card\":{\"number\":\"4111\",\"holder\":{\"email\":\"a@x\"}}}";
    ObjectNode document = json(text);
    ObjectNode card = (ObjectNode) document.get("card");

    db.insert("cards", document);
    db.replace("cards", "a", document);
    db.update("cards", "a", document);

    assertThat(document).isEqualTo(json(text));
    assertThat(document.get("card")).isSameAs(card);
    assertThat(DocumentCrypto.isCiphertext(raw(db, "cards", "a").get("card").get("number")))
        .isTrue();
  }

  @Test
  void rangesSortsAndFunctionsOnEncryptedAttributesAreRefused() {
    db.insert("people", person("a", "1", "a@x", "A"));
    for (String q :
        List.of(
            "FOR d IN people FILTER d.email > 'a' RETURN d",
            "FOR d IN people FILTER d.ssn LIKE '1%' RETURN d",
            "FOR d IN people SORT d.email RETURN d",
            "FOR d IN people RETURN LOWER(d.email)",
            "FOR d IN people RETURN d.ssn + 1",
            "FOR d IN people COLLECT AGGREGATE m = MAX(d.ssn) RETURN m")) {
      assertThatThrownBy(() -> db.query(q, Map.of(), null).all())
          .as(q)
          .isInstanceOfSatisfying(
              AqlSemanticException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.ENCRYPTED_ATTRIBUTE);
                assertThat(e.getMessage()).contains("is encrypted");
              });
    }
    // other attributes, whole documents and equality stay usable
    assertThat(
            db.query(
                    "FOR d IN people FILTER d.name > '' SORT d.name"
                        + " RETURN MERGE(d, {n: LENGTH(d.name)})",
                    Map.of(),
                    null)
                .all())
        .hasSize(1);
  }

  @Test
  void indexesThatCannotWorkOnCiphertextAreRefused() {
    assertThatThrownBy(() -> db.createIndex("people", IndexSpec.of("bySsn", "ssn"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssn");
    assertThatThrownBy(() -> db.createIndex("people", IndexSpec.ttl("expiry", "email"), null))
        .isInstanceOf(IllegalArgumentException.class);
    db.createCollection("other", CollectionType.DOCUMENT);
    db.createIndex("other", IndexSpec.of("byNote", "note"), null);
    assertThatThrownBy(
            () ->
                db.setEncryptionPolicy(
                    "other", EncryptionPolicy.of(Map.of("note", FieldProtection.RANDOMIZED))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("byNote");
  }

  @Test
  void aPolicyCanGrowButNotDropOrChangeAnAttribute() {
    assertThatThrownBy(
            () ->
                db.setEncryptionPolicy(
                    "people", EncryptionPolicy.of(Map.of("ssn", FieldProtection.RANDOMIZED))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email");
    assertThatThrownBy(() -> EncryptionPolicy.of(Map.of("_key", FieldProtection.DETERMINISTIC)))
        .isInstanceOf(IllegalArgumentException.class);
    db.insert("people", json("{\"_key\":\"c\",\"card\":{\"number\":\"4111\"}}"));
    Map<String, FieldProtection> grown = new HashMap<>(POLICY.fields());
    grown.put("card.number", FieldProtection.RANDOMIZED);
    EncryptionPolicy now = db.setEncryptionPolicy("people", EncryptionPolicy.of(grown));
    assertThat(now.fields()).containsKey("card.number");
    assertThat(now.pending()).containsExactly("card.number"); // "c" holds it in the clear
    assertThat(db.get("people", "c").orElseThrow().at("/card/number").stringValue())
        .isEqualTo("4111");
  }

  @Test
  void ciphertextMovedToAnotherDocumentFieldOrTenantFailsToDecrypt() {
    db.insert("people", person("a", "ssn-a", "a@x", "A"));
    db.insert("people", person("b", "ssn-b", "b@x", "B"));
    TenantDatabase other = host.create("globex");
    other.createCollection("people", CollectionType.DOCUMENT);
    other.setEncryptionPolicy("people", POLICY);
    other.insert("people", person("a", "ssn-x", "x@x", "X"));
    ObjectNode a = raw(db, "people", "a");

    ObjectNode b = raw(db, "people", "b");
    b.set("ssn", a.get("ssn")); // another document
    writeRaw(db, "people", "b", b);
    assertTampered(() -> db.get("people", "b"));

    ObjectNode a2 = a.deepCopy();
    a2.set("email", a.get("ssn")); // another attribute
    writeRaw(db, "people", "a", a2);
    assertTampered(() -> db.get("people", "a"));

    ObjectNode x = raw(other, "people", "a");
    x.set("email", a.get("email")); // another tenant's database, same collection and key
    writeRaw(other, "people", "a", x);
    assertTampered(() -> other.get("people", "a"));
    assertTampered(() -> other.query("FOR d IN people RETURN d", Map.of(), null).all());

    ObjectNode clear = raw(db, "people", "b");
    clear.put("ssn", "in the clear"); // plaintext where the policy requires ciphertext
    writeRaw(db, "people", "b", clear);
    assertTampered(() -> db.get("people", "b"));

    ObjectNode flipped = raw(other, "people", "a");
    String c = a.get("ssn").stringValue();
    byte[] body = Base64.getDecoder().decode(c.substring(DocumentCrypto.MARKER.length()));
    body[body.length - 1] ^= 1; // altered in place
    flipped.put(
        "ssn", DocumentCrypto.MARKER + Base64.getEncoder().withoutPadding().encodeToString(body));
    writeRaw(db, "people", "a", flipped);
    assertTampered(() -> db.get("people", "a"));
  }

  @Test
  void enablingAPolicyOnAFilledCollectionEncryptsTheExistingDocuments()
      throws InterruptedException {
    db.createCollection("legacy", CollectionType.DOCUMENT);
    db.createIndex("legacy", IndexSpec.of("byEmail", "email"), null);
    for (int i = 0; i < 600; i++) {
      db.insert("legacy", person("l" + i, "legacy-ssn-" + i, "u" + (i % 10) + "@x", "n"));
    }
    EncryptionPolicy pending = db.setEncryptionPolicy("legacy", POLICY);
    assertThat(pending.pending()).containsExactly("email", "ssn");
    db.insert("legacy", person("new", "fresh", "u3@x", "n"));
    String lookup = "FOR d IN legacy FILTER d.email == 'u3@x' RETURN d._key";
    assertThat(db.query(lookup, Map.of(), null).all()).hasSize(61); // plaintext and ciphertext

    List<ReencryptionProgress> progress = new CopyOnWriteArrayList<>();
    ReencryptionProgress done = db.reencrypt("legacy", Pace.unlimited(), progress::add);

    assertThat(done.finished()).isTrue();
    assertThat(done.processed()).isEqualTo(601);
    assertThat(done.rewritten()).isEqualTo(600);
    assertThat(progress.size()).isGreaterThan(2);
    assertThat(db.encryptionPolicy("legacy").orElseThrow().pending()).isEmpty();
    assertThat(keys(db.query(lookup, Map.of(), null).all())).hasSize(61).contains("new");
    assertThat(DocumentCrypto.isCiphertext(raw(db, "legacy", "l599").get("ssn"))).isTrue();
    assertThat(db.get("legacy", "l599").orElseThrow().get("ssn").stringValue())
        .isEqualTo("legacy-ssn-599");
    // a second pass finds nothing to do
    assertThat(db.reencrypt("legacy", Pace.unlimited(), null).rewritten()).isZero();
  }

  @Test
  void rotationUnderConcurrentWritesLosesNothingAndKeepsLookups() throws Exception {
    db.createIndex("people", IndexSpec.of("byEmail", "email"), null);
    for (int i = 0; i < 800; i++) {
      db.insert("people", person("r" + i, "s" + i, "m" + (i % 20) + "@x", "n" + i));
    }
    String lookup = "FOR d IN people FILTER d.email IN @v RETURN d._key";
    Map<String, Object> bind = Map.of("v", List.of("m1@x", "m7@x"));
    Set<String> before = keys(db.query(lookup, bind, null).all());
    assertThat(before).hasSize(80);

    cipher.rotate();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger inserted = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int id = w;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int n = 0;
                    while (!stop.get()) {
                      try {
                        db.insert("people", person("w" + id + "-" + n, "s-w", "new@x", "w"));
                        inserted.incrementAndGet();
                        n++;
                        db.update("people", "r" + (n * 7 % 800), json("{\"name\":\"touched\"}"));
                      } catch (ConflictException e) {
                        // the pass holds the document; a writer retries later
                      } catch (Throwable t) {
                        failures.add(t);
                        return;
                      }
                    }
                  }));
    }
    ReencryptionProgress done = db.reencrypt("people", Pace.unlimited(), null);
    stop.set(true);
    for (Thread t : writers) {
      t.join();
    }

    assertThat(failures).isEmpty();
    assertThat(done.finished()).isTrue();
    assertThat(db.stats("people").documentCount()).isEqualTo(800L + inserted.get());
    cipher.disable(0); // nothing may still need the old key
    List<JsonNode> all = db.query("FOR d IN people RETURN d", Map.of(), null).all();
    assertThat(all).hasSize(800 + inserted.get());
    assertThat(all).allSatisfy(d -> assertThat(d.get("ssn").stringValue()).startsWith("s"));
    assertThat(keys(db.query(lookup, bind, null).all())).isEqualTo(before);
    assertThat(db.query("FOR d IN people FILTER d.email == 'new@x' RETURN 1", Map.of(), null).all())
        .hasSize(inserted.get());
  }

  @Test
  void afterShreddingEncryptedValuesAndRestoredBackupsAreUnreadable() {
    db.insert("people", person("a", "1", "a@x", "A"));
    db.createCollection("open", CollectionType.DOCUMENT);
    db.insert("open", json("{\"_key\":\"o\",\"v\":1}"));
    Path backup = root.resolve("backup");
    host.backup("acme", backup);

    cipher.shred();

    assertShredded(() -> db.get("people", "a"));
    assertShredded(() -> db.query("FOR d IN people RETURN d", Map.of(), null).all());
    assertShredded(() -> db.insert("people", person("b", "2", "b@x", "B")));
    TenantDatabase restored = host.restore(backup, "acme-restored");
    assertShredded(() -> restored.get("people", "a"));
    assertThat(restored.get("open", "o")).isPresent();
  }

  @Test
  void aHostWithoutFieldCipherRefusesPolicies(@TempDir Path other) {
    try (EngineHost plain = EngineHost.start(EngineFixture.settings(other))) {
      TenantDatabase d = plain.create("t");
      d.createCollection("c", CollectionType.DOCUMENT);
      assertThatThrownBy(() -> d.setEncryptionPolicy("c", POLICY))
          .isInstanceOf(IllegalStateException.class);
      assertThat(d.encryptionPolicy("c")).isEmpty();
    }
  }

  @Test
  void policiesSurviveReopening() {
    db.insert("people", person("a", "1", "a@x", "A"));
    host.close();
    host =
        EngineHost.start(
            EngineFixture.settings(root), EngineExtensions.defaults().withFieldCipher(cipher));
    TenantDatabase again = host.open("acme");
    assertThat(again.encryptionPolicy("people").orElseThrow().fields()).isEqualTo(POLICY.fields());
    assertThat(again.get("people", "a").orElseThrow().get("email").stringValue()).isEqualTo("a@x");
  }

  // --- helpers ---

  private static ObjectNode person(String key, String ssn, String email, String name) {
    ObjectNode p = json("{}");
    p.put("_key", key).put("ssn", ssn).put("email", email).put("name", name);
    return p;
  }

  private static Set<String> keys(List<JsonNode> rows) {
    Set<String> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.stringValue()));
    return out;
  }

  private static void assertTampered(Runnable read) {
    assertThatThrownBy(read::run)
        .isInstanceOfSatisfying(
            EncryptedValueException.class,
            e -> assertThat(e.reason()).isEqualTo(EncryptedValueException.Reason.TAMPERED));
  }

  private static void assertShredded(Runnable action) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            EncryptedValueException.class,
            e -> assertThat(e.reason()).isEqualTo(EncryptedValueException.Reason.KEYS_SHREDDED));
  }

  private static ObjectNode raw(TenantDatabase d, String collection, String key) {
    OpenDatabase o = d.lease();
    try {
      return DocumentCodec.decode(
          o.store.get(
              Space.DOCUMENTS, Transaction.documentKey(o.catalog.collection(collection), key)));
    } finally {
      d.release(o);
    }
  }

  private static void writeRaw(TenantDatabase d, String collection, String key, ObjectNode doc) {
    OpenDatabase o = d.lease();
    try (StoreTransaction t = o.store.begin(false, false, 1000, 0)) {
      t.put(
          Space.DOCUMENTS,
          Transaction.documentKey(o.catalog.collection(collection), key),
          DocumentCodec.encode(doc));
      t.commit();
    } finally {
      d.release(o);
    }
  }
}
