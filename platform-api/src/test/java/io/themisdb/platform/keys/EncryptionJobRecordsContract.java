package io.themisdb.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.platform.keys.EncryptionJobs.CollectionProgress;
import io.themisdb.platform.keys.EncryptionJobs.Job;
import io.themisdb.platform.keys.EncryptionJobs.Kind;
import io.themisdb.platform.keys.EncryptionJobs.State;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The encryption job records on a migrated control plane, once per supported database: what is
 * saved reads back, only the tenant's own jobs are found, trimming spares running jobs, and the
 * jobs left running are the ones resumed on start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EncryptionJobRecordsContract {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private JdbcClient jdbc;
  private EncryptionJobRecords records;

  /** An empty database, fresh for the test class. */
  abstract DataSource emptyDatabase();

  @BeforeAll
  void migrate() {
    DataSource ds = emptyDatabase();
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = JdbcClient.create(ds);
    records = new EncryptionJobRecords(jdbc);
  }

  @Test
  void aJobReadsBackAsSavedAndOnlyForItsTenant() {
    UUID tenant = tenant();
    UUID other = tenant();
    Job started = job(Kind.REENCRYPT, State.RUNNING, T0, List.of());
    records.insert(tenant, started);
    Job progressed =
        new Job(
            started.id(),
            Kind.REENCRYPT,
            State.FINISHED,
            started.keyVersion(),
            T0,
            T0.plusSeconds(5),
            List.of(new CollectionProgress("people", 10, 7, 10, true)),
            null);
    records.update(progressed, false);

    assertThat(records.find(tenant, UUID.fromString(started.id()))).contains(progressed);
    assertThat(records.find(other, UUID.fromString(started.id()))).isEmpty();
    assertThat(records.list(other)).isEmpty();
    assertThat(records.unfinished()).noneMatch(s -> s.job().id().equals(started.id()));
  }

  @Test
  void runningJobsAreResumableWithTheirOwedRound() {
    UUID tenant = tenant();
    Job running =
        job(Kind.ENCRYPT, State.RUNNING, T0, List.of(new CollectionProgress("a", 4, 4, 9, false)));
    records.insert(tenant, running);
    records.update(running, true);

    assertThat(records.unfinished())
        .filteredOn(s -> s.tenant().equals(tenant))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.job()).isEqualTo(running);
              assertThat(s.rerun()).isTrue();
            });
  }

  @Test
  void trimmingKeepsTheNewestAndEveryRunningJob() {
    UUID tenant = tenant();
    Job oldRunning = job(Kind.REENCRYPT, State.RUNNING, T0, List.of());
    records.insert(tenant, oldRunning);
    for (int i = 1; i <= 4; i++) {
      records.insert(tenant, job(Kind.REENCRYPT, State.FINISHED, T0.plusSeconds(i), List.of()));
    }
    records.trim(tenant, 2);

    List<Job> kept = records.list(tenant);
    assertThat(kept)
        .extracting(Job::startedAt)
        .containsExactly(T0.plusSeconds(4), T0.plusSeconds(3), T0);
    assertThat(kept.get(2).id()).isEqualTo(oldRunning.id());
  }

  private static Job job(Kind kind, State state, Instant at, List<CollectionProgress> progress) {
    return new Job(
        UUID.randomUUID().toString(),
        kind,
        state,
        2,
        at.truncatedTo(ChronoUnit.MICROS),
        null,
        progress,
        null);
  }

  private UUID tenant() {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "INSERT INTO tenants (id, slug, display_name, status, plan_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'ACTIVE', 'free', ?, ?)")
        .params(id, "t-" + id, "t", now, now)
        .update();
    return id;
  }
}
