package io.themisdb.billing.plan;

/**
 * A write would take a tenant past one of its plan's caps; platform-api answers it with a problem
 * response naming {@link #cap()}.
 */
public final class CapExceededException extends RuntimeException {

  /** Which cap. */
  public enum Cap {
    STORAGE_BYTES,
    COLLECTIONS
  }

  private final Cap cap;
  private final long limit;
  private final long requested;

  public CapExceededException(Cap cap, long limit, long requested) {
    super(cap + " cap of " + limit + " would be exceeded (" + requested + ")");
    this.cap = cap;
    this.limit = limit;
    this.requested = requested;
  }

  public Cap cap() {
    return cap;
  }

  public long limit() {
    return limit;
  }

  /** What the tenant would have after the write. */
  public long requested() {
    return requested;
  }
}
