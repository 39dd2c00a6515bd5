package io.themisdb.platform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.platform.RunningPlatform;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class OperatorBootstrapIT {

  private static final Pattern PRINTED = Pattern.compile("password: (\\S+)");
  private final PasswordEncoder passwords =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();

  @Test
  void generatedPasswordIsPrintedOnceAndOnlyItsHashIsStored(
      @TempDir Path dataDir, CapturedOutput output) {
    String password;
    try (RunningPlatform first = RunningPlatform.embedded(dataDir, Map.of())) {
      Matcher m = PRINTED.matcher(output.getOut());
      assertThat(m.find()).as("the generated password is printed").isTrue();
      password = m.group(1);
      assertThat(password).hasSize(24);

      String hash = storedHash(first, "operator@themisdb.local");
      assertThat(hash).startsWith("{bcrypt}").doesNotContain(password);
      assertThat(passwords.matches(password, hash)).isTrue();
    }

    try (RunningPlatform second = RunningPlatform.embedded(dataDir, Map.of())) {
      assertThat(output.getOut()).containsOnlyOnce("First operator account created");
      assertThat(countOperators(second)).isEqualTo(1);
    }
  }

  @Test
  void configuredCredentialsAreUsedAndNeverPrinted(@TempDir Path dataDir, CapturedOutput output) {
    String secret = "correct-horse-battery-staple";
    try (RunningPlatform platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.bootstrap.operator-email",
                "Ops@Example.org",
                "themis.bootstrap.operator-password",
                secret))) {
      String hash = storedHash(platform, "ops@example.org");
      assertThat(passwords.matches(secret, hash)).isTrue();
    }
    assertThat(output.getAll()).doesNotContain(secret);
  }

  @Test
  void tooShortConfiguredPasswordStopsTheStart(@TempDir Path dataDir) {
    assertThatThrownBy(
            () ->
                RunningPlatform.embedded(
                    dataDir, Map.of("themis.bootstrap.operator-password", "short")))
        .hasStackTraceContaining("at least 12 characters");
  }

  private static String storedHash(RunningPlatform platform, String normalizedEmail) {
    return JdbcClient.create(platform.context().getBean(javax.sql.DataSource.class))
        .sql(
            "SELECT password_hash FROM users WHERE email_normalized = ? AND platform_role ="
                + " 'OPERATOR'")
        .param(normalizedEmail)
        .query(String.class)
        .single();
  }

  private static long countOperators(RunningPlatform platform) {
    return JdbcClient.create(platform.context().getBean(javax.sql.DataSource.class))
        .sql("SELECT count(*) FROM users WHERE platform_role = 'OPERATOR'")
        .query(Long.class)
        .single();
  }
}
