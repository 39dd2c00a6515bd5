package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.accessToken;
import static io.themisdb.platform.TenantJourney.createClient;
import static io.themisdb.platform.TenantJourney.getWithToken;
import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Operators suspend, resume and delete tenants; the tenant's access follows at once. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorTenantsIT {

  @Test
  void suspendResumeAndDeleteChangeWhatTheTenantMayDo(@TempDir Path dataDir, CapturedOutput out)
      throws Exception {
    try (RunningPlatform platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.bootstrap.operator-email", "ops@example.org",
                "themis.bootstrap.operator-password", "operator passphrase 1"))) {
      String tenant =
          TenantJourney.signUp(
                  platform, "x@example.org", "tenant passphrase 22", "X Corp", out::getOut)
              .get("tenantId")
              .asString();
      java.nio.file.Path engineData = dataDir.resolve("engine").resolve(tenant);
      assertThat(engineData).as("verification provisions the engine database").isDirectory();
      ConsoleSession user = new ConsoleSession(platform);
      user.signIn("x@example.org", "tenant passphrase 22");
      String[] client = createClient(user, "c", "data:read");
      String token = accessToken(platform, client[0], client[1]);

      ConsoleSession ops = new ConsoleSession(platform);
      assertThat(ops.signIn("ops@example.org", "operator passphrase 1").statusCode())
          .isEqualTo(200);
      assertThat(ops.send("GET", "/console/api/operator/tenants", null).body()).contains(tenant);

      assertThat(
              ops.send("POST", "/console/api/operator/tenants/" + tenant + "/suspend", null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(json(getWithToken(platform, "/v1/tenant", token)).get("status").asString())
          .as("reads still work while suspended")
          .isEqualTo("SUSPENDED");
      assertThat(
              ops.send("POST", "/console/api/operator/tenants/" + tenant + "/suspend", null)
                  .statusCode())
          .as("suspending twice is a conflict")
          .isEqualTo(409);
      assertThat(
              ops.send("POST", "/console/api/operator/tenants/" + tenant + "/resume", null)
                  .statusCode())
          .isEqualTo(200);

      assertThat(ops.send("DELETE", "/console/api/operator/tenants/" + tenant, null).statusCode())
          .isEqualTo(204);
      assertThat(getWithToken(platform, "/v1/tenant", token).statusCode()).isEqualTo(401);
      assertThat(engineData).as("deletion destroys the engine data").doesNotExist();
      assertThat(TenantJourney.requestToken(platform, client[0], client[1]).statusCode())
          .isEqualTo(401);
      assertThat(
              new ConsoleSession(platform)
                  .signIn("x@example.org", "tenant passphrase 22")
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              ops.send("GET", "/console/api/operator/tenants/" + java.util.UUID.randomUUID(), null)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  /**
   * A crash after the deletion committed but before the engine data was destroyed: the control
   * plane says DELETED (changed here without the after-commit step), and the next start destroys
   * the leftover data.
   */
  @Test
  void dataOfATenantDeletedBeforeACrashIsDestroyedAtTheNextStart(
      @TempDir Path dataDir, CapturedOutput out) throws Exception {
    String tenant;
    try (RunningPlatform platform = RunningPlatform.embedded(dataDir, Map.of())) {
      tenant =
          TenantJourney.signUp(
                  platform, "y@example.org", "tenant passphrase 33", "Y Co", out::getOut)
              .get("tenantId")
              .asString();
      assertThat(
              platform
                  .context()
                  .getBean(io.themisdb.platform.tenancy.Tenants.class)
                  .transition(
                      java.util.UUID.fromString(tenant),
                      io.themisdb.platform.tenancy.TenantStatus.ACTIVE,
                      io.themisdb.platform.tenancy.TenantStatus.DELETED))
          .isTrue();
    }
    Path engineData = dataDir.resolve("engine").resolve(tenant);
    assertThat(engineData).as("left behind by the simulated crash").isDirectory();

    try (RunningPlatform restarted = RunningPlatform.embedded(dataDir, Map.of())) {
      assertThat(engineData).doesNotExist();
    }
  }
}
