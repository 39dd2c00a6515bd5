package io.themisdb.platform.tenancy;

/** Roles inside a tenant, strongest first. Operators are a platform role, not one of these. */
public enum TenantRole {
  OWNER,
  ADMIN,
  DEVELOPER,
  VIEWER
}
