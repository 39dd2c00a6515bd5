package io.themisdb.platform.auth;

import java.util.Arrays;
import java.util.Optional;

/** OAuth2 scopes an API client can hold; each /v1 operation documents the one it needs. */
public enum ApiScope {
  DATA_READ("data:read", "Read documents and run read-only queries"),
  DATA_WRITE("data:write", "Insert, change and remove documents; run modifying queries"),
  SCHEMA_WRITE("schema:write", "Create and drop collections and indexes"),
  KEYS_MANAGE("keys:manage", "Manage field encryption policies and keys"),
  BILLING_READ("billing:read", "Read usage and invoices"),
  BILLING_MANAGE(
      "billing:manage", "Change the plan, spend controls and outbound webhook endpoints"),
  AUDIT_READ("audit:read", "Read the tenant's audit log"),
  BACKUP_MANAGE("backup:manage", "Create, list and delete backups; restore the database from one");

  private final String value;
  private final String description;

  ApiScope(String value, String description) {
    this.value = value;
    this.description = description;
  }

  public String value() {
    return value;
  }

  public String description() {
    return description;
  }

  /** Spring Security's authority for this scope, for {@code hasAuthority(...)}. */
  public String authority() {
    return "SCOPE_" + value;
  }

  public static Optional<ApiScope> of(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }
}
