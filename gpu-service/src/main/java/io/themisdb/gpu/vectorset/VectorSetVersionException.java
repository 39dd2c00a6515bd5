package io.themisdb.gpu.vectorset;

/** A job or delta names a version of a vector set other than the resident one. */
public class VectorSetVersionException extends RuntimeException {

  private final long requested;
  private final long resident;

  public VectorSetVersionException(String tenant, String set, long requested, long resident) {
    super(
        "tenant '"
            + tenant
            + "' vector set '"
            + set
            + "' is resident at version "
            + resident
            + ", not "
            + requested);
    this.requested = requested;
    this.resident = resident;
  }

  public long requested() {
    return requested;
  }

  public long resident() {
    return resident;
  }
}
