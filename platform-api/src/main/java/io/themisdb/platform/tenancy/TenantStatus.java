package io.themisdb.platform.tenancy;

/** Lifecycle of a tenant; what each state allows is enforced where requests enter. */
public enum TenantStatus {
  /** Being created; not yet usable. */
  PROVISIONING,
  ACTIVE,
  /** Reads allowed, writes rejected with a tenant-suspended problem. */
  SUSPENDED,
  /** Engine data removed; sign-in and tokens refused. The row stays for audit and billing. */
  DELETED
}
