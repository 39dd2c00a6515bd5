package io.themisdb.platform.accounts;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Single-use, expiring tokens mailed to users. The token (256 random bits) goes only into the mail;
 * the table keeps its SHA-256, so reading the table does not let anyone use a token.
 */
@Component
public class EmailTokens {

  public enum Purpose {
    VERIFY_EMAIL,
    RESET_PASSWORD
  }

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

  EmailTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Issues a new token and invalidates the user's earlier unused ones of the same purpose. */
  public String issue(UUID userId, Purpose purpose, Duration lifetime) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            "UPDATE email_tokens SET used_at = :now"
                + " WHERE user_id = :user AND purpose = :purpose AND used_at IS NULL")
        .param("now", now)
        .param("user", userId)
        .param("purpose", purpose.name())
        .update();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    jdbc.sql(
            "INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(hash(token), userId, purpose.name(), now.plus(lifetime), now)
        .update();
    return token;
  }

  /**
   * Uses a token once and returns its user. Unknown, already used or wrong-purpose tokens are one
   * error, so that probing reveals nothing; an expired token says so, so the user knows to ask for
   * a new one. Run inside the transaction that acts on the result.
   */
  public UUID consume(String token, Purpose purpose) {
    if (token == null || token.isBlank() || token.length() > 100) {
      throw invalid();
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    record Row(UUID userId, OffsetDateTime expiresAt, OffsetDateTime usedAt) {}
    Row row =
        jdbc.sql(
                "SELECT user_id, expires_at, used_at FROM email_tokens"
                    + " WHERE token_hash = ? AND purpose = ?")
            .params(hash(token), purpose.name())
            .query(
                (rs, n) ->
                    new Row(
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("used_at", OffsetDateTime.class)))
            .optional()
            .orElseThrow(EmailTokens::invalid);
    if (row.usedAt() != null) {
      throw invalid();
    }
    if (row.expiresAt().isBefore(now)) {
      throw new ProblemException(
          ProblemType.TOKEN_EXPIRED, "The link has expired; ask for a new one.");
    }
    // The used_at guard makes two concurrent uses of one token succeed at most once.
    int updated =
        jdbc.sql("UPDATE email_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")
            .params(now, hash(token))
            .update();
    if (updated != 1) {
      throw invalid();
    }
    return row.userId();
  }

  private static ProblemException invalid() {
    return new ProblemException(
        ProblemType.TOKEN_INVALID, "The link is not valid or has already been used.");
  }

  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
