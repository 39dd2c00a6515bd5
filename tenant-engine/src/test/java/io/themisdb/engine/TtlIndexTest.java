package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.IndexState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtlIndexTest {
  /** The test's "now"; sweeps get it passed, nothing waits for the wall clock. */
  static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  static final long T = NOW.toEpochMilli();

  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(settings());
    db = host.create("acme");
    db.createCollection("sessions", CollectionType.DOCUMENT);
  }

  EngineSettings settings() {
    return EngineFixture.settings(root).withTtlSweepInterval(Duration.ZERO);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private List<String> keys(String index) {
    return db.lookup("sessions", index, IndexQuery.all(), false, 1000).stream()
        .map(IndexHit::key)
        .toList();
  }

  private void insert(String key, String ttlJson) {
    db.insert(
        "sessions",
        json(
            "{\"_key\":\""
                + key
                + "\",\"n\":1"
                + (ttlJson == null ? "" : ",\"at\":" + ttlJson)
                + "}"));
  }

  @Test
  void sweepRemovesExpiredDocumentsWithAllTheirIndexEntries() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    db.createIndex("sessions", IndexSpec.of("byN", "n"), null);
    insert("millis", Long.toString(T - 1000));
    insert("iso", "\"2030-06-01T12:00:00Z\""); // exactly now: expired
    insert("offset", "\"2030-06-01T13:59:59+02:00\"");
    insert("later", Long.toString(T + 1000));
    insert("none", null);

    assertThat(db.removeExpired(NOW)).isEqualTo(3);

    assertThat(db.exists("sessions", "millis")).isFalse();
    assertThat(db.exists("sessions", "iso")).isFalse();
    assertThat(db.exists("sessions", "offset")).isFalse();
    assertThat(keys("byN")).containsExactly("later", "none");
    assertThat(keys("expiry")).containsExactly("later");
    assertThat(db.stats("sessions").documentCount()).isEqualTo(2);

    assertThat(db.removeExpired(NOW.plusMillis(999))).isZero();
    assertThat(db.removeExpired(NOW.plusMillis(1000))).isEqualTo(1);
    assertThat(keys("byN")).containsExactly("none");
    assertThat(keys("expiry")).isEmpty();
  }

  @Test
  void expiredButUnsweptDocumentsStayVisible() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("old", "0");
    assertThat(db.get("sessions", "old")).isPresent();
    assertThat(db.removeExpired(NOW)).isEqualTo(1);
    assertThat(db.get("sessions", "old")).isEmpty();
  }

  @Test
  void changeLogRecordsEachRemovalWithTheRemovedRevision() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    DocumentMeta a = db.insert("sessions", json("{\"_key\":\"a\",\"at\":1}"));
    DocumentMeta b = db.insert("sessions", json("{\"_key\":\"b\",\"at\":2}"));
    long before = db.lastSequence();

    db.removeExpired(NOW);

    assertThat(db.changesFrom(before + 1, 10))
        .extracting(ChangeRecord::key, ChangeRecord::operation, ChangeRecord::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", ChangeOperation.REMOVE, a.revision()),
            org.assertj.core.groups.Tuple.tuple("b", ChangeOperation.REMOVE, b.revision()));
  }

  @Test
  void valuesThatAreNoTimestampNeverExpire() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("missing", null);
    insert("null", "null");
    insert("bool", "true");
    insert("array", "[1]");
    insert("object", "{\"t\":1}");
    insert("text", "\"tomorrow\"");
    insert("dateOnly", "\"2020-01-01\"");
    insert("huge", "1e300");

    assertThat(db.removeExpired(Instant.parse("2999-01-01T00:00:00Z"))).isZero();
    assertThat(db.stats("sessions").documentCount()).isEqualTo(8);
    assertThat(keys("expiry")).isEmpty();
  }

  @Test
  void movingTheTimeIntoTheFutureKeepsTheDocument() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("a", Long.toString(T - 1));
    db.update("sessions", "a", json("{\"at\":" + (T + 60_000) + "}"));
    assertThat(db.removeExpired(NOW)).isZero();
    db.update("sessions", "a", json("{\"at\":\"gone\"}"));
    assertThat(db.removeExpired(NOW.plus(Duration.ofDays(365)))).isZero();
    assertThat(db.exists("sessions", "a")).isTrue();
  }

  @Test
  void ttlIndexBuiltOverExistingDocumentsSurvivesReopen() {
    for (int i = 0; i < 600; i++) {
      insert("k" + i, Long.toString(i % 2 == 0 ? T - i : T + i));
    }
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    host.close();
    host = EngineHost.start(settings());
    db = host.open("acme");

    assertThat(db.indexes("sessions"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(IndexKind.TTL);
              assertThat(d.state()).isEqualTo(IndexState.READY);
              assertThat(d.fields()).containsExactly("at");
            });
    assertThat(db.removeExpired(NOW)).isEqualTo(300);
    assertThat(db.stats("sessions").documentCount()).isEqualTo(300);
    assertThat(keys("expiry"))
        .hasSize(300)
        .allMatch(k -> Integer.parseInt(k.substring(1)) % 2 == 1);
  }

  @Test
  void hostSweepOpensAClosedDatabaseOnlyWhenADocumentIsDue() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("soon", Long.toString(T + 10_000));
    TenantDatabase later = host.create("later");
    later.createCollection("c", CollectionType.DOCUMENT);
    later.createIndex("c", IndexSpec.ttl("expiry", "at"), null);
    later.insert("c", json("{\"_key\":\"x\",\"at\":" + (T + 100_000) + "}"));
    TenantDatabase plain = host.create("plain");
    plain.createCollection("c", CollectionType.DOCUMENT);
    db.close();
    later.close();
    plain.close();
    assertThat(host.openDatabases()).isZero();

    assertThat(host.sweepExpired(NOW)).isZero();
    assertThat(host.openDatabases()).isZero();

    assertThat(host.sweepExpired(NOW.plusMillis(10_000))).isEqualTo(1);
    assertThat(host.openDatabases()).isEqualTo(1);

    // The earliest expiry of closed databases survives a restart of the host.
    host.close();
    host = EngineHost.start(settings());
    assertThat(host.sweepExpired(NOW.plusMillis(99_999))).isZero();
    assertThat(host.openDatabases()).isZero();
    assertThat(host.sweepExpired(NOW.plusMillis(100_000))).isEqualTo(1);
    assertThat(host.openDatabases()).isEqualTo(1);
    assertThat(host.open("later").exists("c", "x")).isFalse();
    assertThat(host.open("acme").exists("sessions", "soon")).isFalse();
  }

  @Test
  void openDatabasesAreSweptWhateverTheirNotedExpiry() {
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("a", Long.toString(T));
    assertThat(host.sweepExpired(NOW)).isEqualTo(1);
    assertThat(db.exists("sessions", "a")).isFalse();
  }

  @Test
  void backgroundSweeperRemovesDocumentsThatExpiredLongAgo() {
    host.close();
    host =
        EngineHost.start(EngineFixture.settings(root).withTtlSweepInterval(Duration.ofMillis(20)));
    db = host.open("acme");
    db.createIndex("sessions", IndexSpec.ttl("expiry", "at"), null);
    insert("ancient", "\"1999-12-31T23:59:59Z\"");
    insert("future", "\"2999-01-01T00:00:00Z\"");

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (db.exists("sessions", "ancient") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    assertThat(db.exists("sessions", "ancient")).isFalse();
    assertThat(db.exists("sessions", "future")).isTrue();
  }
}
