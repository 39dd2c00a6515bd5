package io.themisdb.platform.accounts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** User accounts in the control plane, looked up by their case-insensitive email. */
@Component
public class UserAccounts {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;

  UserAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  public static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  public Optional<UserAccount> findByEmail(String email) {
    return jdbc.sql(
            "SELECT id, email, display_name, status, platform_role FROM users"
                + " WHERE email_normalized = ?")
        .param(normalize(email))
        .query(
            (rs, n) ->
                new UserAccount(
                    rs.getObject("id", UUID.class),
                    rs.getString("email"),
                    rs.getString("display_name"),
                    UserAccount.Status.valueOf(rs.getString("status")),
                    "OPERATOR".equals(rs.getString("platform_role"))))
        .optional();
  }

  public String emailOf(UUID userId) {
    return jdbc.sql("SELECT email FROM users WHERE id = ?")
        .param(userId)
        .query(String.class)
        .single();
  }

  public Optional<String> passwordHash(UUID userId) {
    return jdbc.sql("SELECT password_hash FROM users WHERE id = ?")
        .param(userId)
        .query(String.class)
        .optional();
  }

  /** Creates a PENDING account; the caller's transaction decides whether it stays. */
  public UUID createPending(String email, String rawPassword) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            INSERT INTO users (id, email, email_normalized, password_hash, status, created_at,
                               updated_at)
            VALUES (:id, :email, :normalized, :hash, 'PENDING', :now, :now)
            """)
        .param("id", id)
        .param("email", email.strip())
        .param("normalized", normalize(email))
        .param("hash", passwords.encode(rawPassword))
        .param("now", now)
        .update();
    return id;
  }

  /** Marks the email verified; returns false if the account was not pending. */
  public boolean activate(UUID userId) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return jdbc.sql(
                "UPDATE users SET status = 'ACTIVE', email_verified_at = :now, updated_at = :now"
                    + " WHERE id = :id AND status = 'PENDING'")
            .param("now", now)
            .param("id", userId)
            .update()
        == 1;
  }

  public void changePassword(UUID userId, String rawPassword) {
    jdbc.sql("UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id")
        .param("hash", passwords.encode(rawPassword))
        .param("now", OffsetDateTime.now(ZoneOffset.UTC))
        .param("id", userId)
        .update();
  }
}
