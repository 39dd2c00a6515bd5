package io.themisdb.platform.keys;

import io.themisdb.platform.keys.EncryptionJobs.CollectionProgress;
import io.themisdb.platform.keys.EncryptionJobs.Job;
import io.themisdb.platform.keys.EncryptionJobs.Kind;
import io.themisdb.platform.keys.EncryptionJobs.State;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code encryption_jobs} table: what {@link EncryptionJobs} shows and resumes on start. */
@Repository
class EncryptionJobRecords {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<CollectionProgress>> PROGRESS = new TypeReference<>() {};

  /** A stored job with the tenant it belongs to and whether it owes another round. */
  record Stored(UUID tenant, Job job, boolean rerun) {}

  private final JdbcClient jdbc;

  EncryptionJobRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID tenant, Job job) {
    jdbc.sql(
            "INSERT INTO encryption_jobs (id, tenant_id, kind, state, key_version, rerun,"
                + " started_at, finished_at, failure, progress) VALUES (:id, :tenant, :kind,"
                + " :state, :keyVersion, FALSE, :startedAt, :finishedAt, :failure, :progress)")
        .param("id", UUID.fromString(job.id()))
        .param("tenant", tenant)
        .param("kind", job.kind().name())
        .param("state", job.state().name())
        .param("keyVersion", job.keyVersion())
        .param("startedAt", time(job.startedAt()))
        .param("finishedAt", time(job.finishedAt()))
        .param("failure", job.failure())
        .param("progress", JSON.writeValueAsString(job.collections()))
        .update();
  }

  /** Saves what changes while a job runs: state, end, failure, progress and the owed round. */
  void update(Job job, boolean rerun) {
    jdbc.sql(
            "UPDATE encryption_jobs SET state = :state, finished_at = :finishedAt,"
                + " failure = :failure, progress = :progress, rerun = :rerun WHERE id = :id")
        .param("state", job.state().name())
        .param("finishedAt", time(job.finishedAt()))
        .param("failure", job.failure())
        .param("progress", JSON.writeValueAsString(job.collections()))
        .param("rerun", rerun)
        .param("id", UUID.fromString(job.id()))
        .update();
  }

  /** Keeps the newest {@code kept} jobs of the tenant; running ones are never dropped. */
  void trim(UUID tenant, int kept) {
    jdbc.sql(
            "DELETE FROM encryption_jobs WHERE tenant_id = :tenant AND state <> 'RUNNING'"
                + " AND id NOT IN (SELECT id FROM encryption_jobs WHERE tenant_id = :tenant"
                + " ORDER BY started_at DESC LIMIT :kept)")
        .param("tenant", tenant)
        .param("kept", kept)
        .update();
  }

  /** The tenant's jobs, newest first. */
  List<Job> list(UUID tenant) {
    return jdbc.sql(
            "SELECT * FROM encryption_jobs WHERE tenant_id = ? ORDER BY started_at DESC, id")
        .param(tenant)
        .query((rs, n) -> row(rs).job())
        .list();
  }

  Optional<Job> find(UUID tenant, UUID id) {
    return jdbc.sql("SELECT * FROM encryption_jobs WHERE tenant_id = ? AND id = ?")
        .param(tenant)
        .param(id)
        .query((rs, n) -> row(rs).job())
        .optional();
  }

  /** Jobs a previous run of the platform left running, oldest first. */
  List<Stored> unfinished() {
    return jdbc.sql("SELECT * FROM encryption_jobs WHERE state = 'RUNNING' ORDER BY started_at")
        .query((rs, n) -> row(rs))
        .list();
  }

  private static Stored row(ResultSet rs) throws SQLException {
    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
    Job job =
        new Job(
            rs.getObject("id", UUID.class).toString(),
            Kind.valueOf(rs.getString("kind")),
            State.valueOf(rs.getString("state")),
            rs.getInt("key_version"),
            rs.getObject("started_at", OffsetDateTime.class).toInstant(),
            finished == null ? null : finished.toInstant(),
            JSON.readValue(rs.getString("progress"), PROGRESS),
            rs.getString("failure"));
    return new Stored(rs.getObject("tenant_id", UUID.class), job, rs.getBoolean("rerun"));
  }

  private static OffsetDateTime time(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
