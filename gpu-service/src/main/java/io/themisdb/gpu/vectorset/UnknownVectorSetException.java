package io.themisdb.gpu.vectorset;

/**
 * A job or delta names a vector set that is not resident: never uploaded, dropped, or evicted under
 * the memory budget. The caller uploads it again.
 */
public class UnknownVectorSetException extends RuntimeException {

  public UnknownVectorSetException(String tenant, String set) {
    super(
        "tenant '"
            + tenant
            + "' has no resident vector set '"
            + set
            + "' (never uploaded, dropped, or evicted under the memory budget): upload it again");
  }
}
