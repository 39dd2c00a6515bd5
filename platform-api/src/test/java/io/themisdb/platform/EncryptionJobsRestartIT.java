package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Encryption job records live in the control plane: a re-encryption cut short by a shutdown is
 * still listed after the platform starts again on the same data, and it resumes and finishes;
 * unless its tenant was deleted meanwhile, which fails it instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class EncryptionJobsRestartIT {

  private static final String PASSWORD = "restart passphrase";
  private static final int DOCUMENTS = 400;

  @Test
  void aJobCutShortByARestartIsResumedAndFinishes(@TempDir Path dataDir, CapturedOutput out)
      throws Exception {
    String[] cut = runJobAndStop(dataDir, out);
    String token = cut[0];
    String job = cut[1];

    try (RunningPlatform second =
        RunningPlatform.embedded(
            dataDir, Map.of("themis.keys.reencrypt-documents-per-second", "2000"))) {
      TenantApi api = new TenantApi(second, token);
      assertThat(out.getOut()).contains("Resuming encryption job " + job);
      JsonNode listed = json(api.get("/v1/keys/jobs"));
      assertThat(listed.get(0).get("id").asString()).isEqualTo(job);
      JsonNode done = null;
      for (int i = 0; i < 600; i++) {
        done = json(api.get("/v1/keys/jobs/" + job));
        if (!done.get("state").asString().equals("RUNNING")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("FINISHED");
      assertThat(done.get("keyVersion").asInt()).isEqualTo(2);
      assertThat(done.get("kind").asString()).isEqualTo("REENCRYPT");
      assertThat(done.get("collections").get(0).get("finished").asBoolean()).isTrue();

      // Every value is under version 2 now: with version 1 disabled, all still read.
      assertThat(api.post("/v1/keys/versions/1/disable", "").statusCode()).isEqualTo(200);
      HttpResponse<String> all =
          api.post(
              "/v1/query",
              "{\"query\":\"FOR d IN people SORT d._key RETURN d.ssn\",\"batchSize\":1000}");
      assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
      List<String> ssns = new ArrayList<>();
      json(all).get("result").forEach(n -> ssns.add(n.asString()));
      assertThat(ssns).hasSize(DOCUMENTS).allMatch(s -> s.startsWith("ssn-"));
    }
  }

  @Test
  void aJobWhoseTenantWasDeletedMeanwhileFailsInsteadOfResuming(
      @TempDir Path dataDir, CapturedOutput out) throws Exception {
    String job = runJobAndStop(dataDir, out)[1];
    JdbcDataSource controlPlane = new JdbcDataSource();
    controlPlane.setURL(
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve("control-plane/themis")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    controlPlane.setUser("sa");
    int deleted =
        JdbcClient.create(controlPlane)
            .sql("UPDATE tenants SET status = 'DELETED'") // the only tenant of this data directory
            .update();
    assertThat(deleted).isEqualTo(1);

    try (RunningPlatform second = RunningPlatform.embedded(dataDir, Map.of())) {
      Map<String, Object> record =
          JdbcClient.create(second.context().getBean(DataSource.class))
              .sql("SELECT state, failure FROM encryption_jobs WHERE id = ?")
              .param(java.util.UUID.fromString(job))
              .query()
              .singleRow();
      assertThat(record)
          .containsEntry("state", "FAILED")
          .containsEntry("failure", "tenant-deleted");
      assertThat(out.getOut()).doesNotContain("Resuming encryption job " + job);
    }
  }

  /**
   * Signs up, encrypts a collection, starts a slow re-encryption and stops the platform while it
   * runs; returns the API token and the job's id.
   */
  private static String[] runJobAndStop(Path dataDir, CapturedOutput out) throws Exception {
    try (RunningPlatform first =
        RunningPlatform.embedded(
            dataDir, Map.of("themis.keys.reencrypt-documents-per-second", "40"))) {
      TenantJourney.signUp(first, "jobs@example.org", PASSWORD, "Jobs Inc", out::getOut);
      TenantApi api =
          TenantJourney.apiClient(
              first, "jobs@example.org", PASSWORD, "jobs", TenantJourney.allScopes());
      assertThat(api.post("/v1/collections", "{\"name\":\"people\"}").statusCode()).isEqualTo(201);
      api.put("/v1/collections/people/encryption", "{\"fields\":{\"ssn\":\"randomized\"}}");
      for (int i = 0; i < DOCUMENTS; i++) {
        HttpResponse<String> r =
            api.post(
                "/v1/collections/people/documents",
                "{\"_key\":\"d%d\",\"ssn\":\"ssn-%d\"}".formatted(i, i));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      }
      HttpResponse<String> rotated = api.post("/v1/keys/rotate", "");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
      String job = json(rotated).get("job").get("id").asString();
      JsonNode progress = awaitProgress(api, job);
      assertThat(progress.get("state").asString())
          .as("the job is still running when the platform stops: %s", progress)
          .isEqualTo("RUNNING");
      return new String[] {api.token(), job};
    }
  }

  /** Waits until the job has rewritten some documents, and returns its record. */
  private static JsonNode awaitProgress(TenantApi api, String job) throws Exception {
    for (int i = 0; i < 400; i++) {
      JsonNode progress = json(api.get("/v1/keys/jobs/" + job));
      if (progress.get("collections").path(0).path("processed").asLong() > 0
          || !progress.get("state").asString().equals("RUNNING")) {
        return progress;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("job " + job + " made no progress");
  }
}
