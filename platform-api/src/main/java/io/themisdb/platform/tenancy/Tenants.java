package io.themisdb.platform.tenancy;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tenants and their members in the control plane. */
@Component
public class Tenants {

  private static final RowMapper<Tenant> ROW =
      (rs, n) ->
          new Tenant(
              rs.getObject("id", UUID.class),
              rs.getString("slug"),
              rs.getString("display_name"),
              TenantStatus.valueOf(rs.getString("status")),
              rs.getString("plan_id"),
              rs.getObject("created_at", OffsetDateTime.class).toInstant());

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

  Tenants(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Tenant> find(UUID id) {
    return jdbc.sql("SELECT * FROM tenants WHERE id = ?").param(id).query(ROW).optional();
  }

  public List<Tenant> list(int limit, int offset) {
    return jdbc.sql("SELECT * FROM tenants ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .param("limit", limit)
        .param("offset", offset)
        .query(ROW)
        .list();
  }

  /** Ids of every tenant in this state. */
  public List<UUID> idsWithStatus(TenantStatus status) {
    return jdbc.sql("SELECT id FROM tenants WHERE status = ?")
        .param(status.name())
        .query(UUID.class)
        .list();
  }

  /** The tenant a user owns, if any: signup creates exactly one. */
  public Optional<Tenant> ownedBy(UUID userId) {
    return jdbc.sql(
            "SELECT t.* FROM tenants t JOIN tenant_memberships m ON m.tenant_id = t.id"
                + " WHERE m.user_id = ? AND m.role = 'OWNER' ORDER BY t.created_at LIMIT 1")
        .param(userId)
        .query(ROW)
        .optional();
  }

  /** The user's memberships as (tenant, role), oldest first. */
  public List<Membership> memberships(UUID userId) {
    return jdbc.sql(
            "SELECT tenant_id, role FROM tenant_memberships WHERE user_id = ?"
                + " ORDER BY created_at")
        .param(userId)
        .query(
            (rs, n) ->
                new Membership(
                    rs.getObject("tenant_id", UUID.class),
                    TenantRole.valueOf(rs.getString("role"))))
        .list();
  }

  /** Creates an ACTIVE tenant subscribed to the free plan with {@code owner} as its owner. */
  public Tenant createWithOwner(String displayName, UUID owner) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String slug = slugFor(displayName);
    jdbc.sql(
            """
            INSERT INTO tenants (id, slug, display_name, status, plan_id, created_at, updated_at)
            VALUES (:id, :slug, :name, 'ACTIVE', 'free', :now, :now)
            """)
        .param("id", id)
        .param("slug", slug)
        .param("name", displayName)
        .param("now", now)
        .update();
    jdbc.sql(
            "INSERT INTO tenant_memberships (tenant_id, user_id, role, created_at)"
                + " VALUES (?, ?, 'OWNER', ?)")
        .params(id, owner, now)
        .update();
    // The subscription starts with the tenant: invoices prorate from this instant.
    jdbc.sql(
            "INSERT INTO subscription_changes (tenant_id, plan_id, effective_at)"
                + " VALUES (?, 'free', ?)")
        .params(id, now)
        .update();
    return find(id).orElseThrow();
  }

  /** Moves a tenant between states; returns false when it was not in {@code from}. */
  public boolean transition(UUID id, TenantStatus from, TenantStatus to) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return jdbc.sql(
                "UPDATE tenants SET status = :to, updated_at = :now,"
                    + " deleted_at = CASE WHEN :to = 'DELETED' THEN :now ELSE deleted_at END"
                    + " WHERE id = :id AND status = :from")
            .param("to", to.name())
            .param("from", from.name())
            .param("now", now)
            .param("id", id)
            .update()
        == 1;
  }

  /** A readable, unique slug: the name's letters and digits plus a random suffix. */
  private String slugFor(String name) {
    String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    base = base.replaceAll("(^-+|-+$)", "");
    if (base.isEmpty()) {
      base = "tenant";
    }
    byte[] suffix = new byte[3];
    random.nextBytes(suffix);
    return base.substring(0, Math.min(base.length(), 50)) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** A user's role in a tenant. */
  public record Membership(UUID tenantId, TenantRole role) {}
}
