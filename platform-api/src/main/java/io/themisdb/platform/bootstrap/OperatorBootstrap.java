package io.themisdb.platform.bootstrap;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the first platform operator when the control plane has none, so that a fresh installation
 * can be administered without touching the database. Runs on every start and does nothing once an
 * operator exists; replicas starting together race on the unique email, and the loser steps aside.
 */
@Component
class OperatorBootstrap implements ApplicationRunner {

  static final int MIN_PASSWORD_LENGTH = 12;

  private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"; // no look-alikes: O0 l1 I
  private static final int GENERATED_LENGTH = 24;

  private final JdbcClient jdbc;
  private final BootstrapSettings settings;
  private final PasswordEncoder passwords;
  private final SecureRandom random = new SecureRandom();

  OperatorBootstrap(JdbcClient jdbc, BootstrapSettings settings, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.passwords = passwords;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (operatorExists()) {
      return;
    }
    String configured = settings.operatorPassword();
    boolean generate = configured == null || configured.isBlank();
    if (!generate && configured.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalStateException(
          "themis.bootstrap.operator-password must have at least "
              + MIN_PASSWORD_LENGTH
              + " characters");
    }
    String password = generate ? generatePassword() : configured;
    String email = settings.operatorEmail().strip();
    try {
      insertOperator(email, password);
    } catch (DuplicateKeyException e) {
      if (operatorExists()) {
        return; // another replica created it first
      }
      throw new IllegalStateException(
          "Cannot create the first operator: "
              + email
              + " already belongs to a non-operator account; set themis.bootstrap.operator-email",
          e);
    }
    if (generate) {
      // Printed exactly once, on the start that created the account; only the hash is stored.
      log.warn(
          """

          ============================================================
           First operator account created
             email:    {}
             password: {}
           This password is shown only now. Change it after first login.
          ============================================================""",
          email,
          password);
    } else {
      log.info("First operator account {} created with the configured password", email);
    }
  }

  private boolean operatorExists() {
    return jdbc.sql("SELECT count(*) FROM users WHERE platform_role = 'OPERATOR'")
            .query(Long.class)
            .single()
        > 0;
  }

  private void insertOperator(String email, String password) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            INSERT INTO users (id, email, email_normalized, password_hash, display_name,
                               platform_role, status, email_verified_at, created_at, updated_at)
            VALUES (:id, :email, :normalized, :hash, 'Operator', 'OPERATOR', 'ACTIVE', :now, :now, :now)
            """)
        .param("id", UUID.randomUUID())
        .param("email", email)
        .param("normalized", email.toLowerCase(Locale.ROOT))
        .param("hash", passwords.encode(password))
        .param("now", now)
        .update();
  }

  private String generatePassword() {
    StringBuilder sb = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
