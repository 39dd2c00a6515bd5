package io.themisdb.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The authorization server's RS256 signing keys, persisted in the control plane so that tokens
 * survive restarts and every replica signs with the same key. The current key signs; the previous
 * one still verifies until the next rotation, and the JWKS publishes both.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

  private static final Duration REFRESH = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final PlatformMasterKey master;
  private final TransactionTemplate tx;
  private volatile Loaded loaded;

  SigningKeys(JdbcClient jdbc, PlatformMasterKey master, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.master = master;
    this.tx = tx;
  }

  private record Loaded(String currentKid, JWKSet keys, Instant at) {}

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    List<JWK> found = selector.select(keys().keys());
    if (found.isEmpty() && loaded.at().isBefore(Instant.now().minusSeconds(1))) {
      // A key rotated on another replica: look again before failing the token.
      reload();
      found = selector.select(loaded.keys());
    }
    return found;
  }

  /** Id of the key that signs new tokens. */
  public String currentKid() {
    return keys().currentKid();
  }

  /** Public keys to publish: current and previous. */
  public JWKSet publicKeys() {
    return keys().keys().toPublicJWKSet();
  }

  /** Makes a new current key; the old current becomes previous, the old previous retires. */
  public String rotate() {
    String kid =
        tx.execute(
            status -> {
              OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
              jdbc.sql(
                      "UPDATE signing_keys SET status = 'RETIRED', retired_at = ?"
                          + " WHERE status = 'PREVIOUS'")
                  .param(now)
                  .update();
              jdbc.sql(
                      "UPDATE signing_keys SET status = 'PREVIOUS', current_slot = NULL"
                          + " WHERE status = 'CURRENT'")
                  .update();
              return insertNewCurrent();
            });
    reload();
    return kid;
  }

  private Loaded keys() {
    Loaded l = loaded;
    if (l == null || l.at().isBefore(Instant.now().minus(REFRESH))) {
      l = reload();
    }
    return l;
  }

  private synchronized Loaded reload() {
    List<Row> rows = rows();
    if (rows.stream().noneMatch(r -> r.status().equals("CURRENT"))) {
      try {
        tx.executeWithoutResult(status -> insertNewCurrent());
      } catch (DuplicateKeyException e) {
        // another replica made the first key at the same moment; use theirs
      }
      rows = rows();
    }
    List<JWK> jwks = new ArrayList<>();
    String current = null;
    for (Row row : rows) {
      jwks.add(unseal(row));
      if (row.status().equals("CURRENT")) {
        current = row.kid();
      }
    }
    loaded = new Loaded(current, new JWKSet(jwks), Instant.now());
    return loaded;
  }

  private record Row(String kid, String status, String sealed) {}

  private List<Row> rows() {
    return jdbc.sql(
            "SELECT kid, status, sealed_private_key FROM signing_keys"
                + " WHERE status IN ('CURRENT', 'PREVIOUS') ORDER BY created_at DESC")
        .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  private String insertNewCurrent() {
    try {
      RSAKey key =
          new RSAKeyGenerator(3072)
              .keyID(UUID.randomUUID().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
      byte[] sealed =
          master.seal(key.toJSONString().getBytes(StandardCharsets.UTF_8), context(key.getKeyID()));
      jdbc.sql(
              "INSERT INTO signing_keys (kid, public_jwk, sealed_private_key, status, current_slot,"
                  + " created_at) VALUES (?, ?, ?, 'CURRENT', 'x', ?)")
          .params(
              key.getKeyID(),
              key.toPublicJWK().toJSONString(),
              Base64.getEncoder().encodeToString(sealed),
              OffsetDateTime.now(ZoneOffset.UTC))
          .update();
      return key.getKeyID();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate an RSA signing key", e);
    }
  }

  private JWK unseal(Row row) {
    try {
      byte[] json = master.open(Base64.getDecoder().decode(row.sealed()), context(row.kid()));
      return JWK.parse(new String(json, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | ParseException e) {
      throw new IllegalStateException(
          "Signing key " + row.kid() + " cannot be opened: wrong or replaced master key?", e);
    }
  }

  /** Binds a sealed key to its id, so rows cannot be swapped. */
  private static byte[] context(String kid) {
    return ("themis-signing-key:" + kid).getBytes(StandardCharsets.UTF_8);
  }
}
