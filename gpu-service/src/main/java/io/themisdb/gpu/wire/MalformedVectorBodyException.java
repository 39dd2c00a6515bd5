package io.themisdb.gpu.wire;

/**
 * A binary body does not follow its layout: wrong magic, negative or oversized counts, or a length
 * that differs from what its header announces. The message says which.
 */
public class MalformedVectorBodyException extends IllegalArgumentException {

  public MalformedVectorBodyException(String message) {
    super(message);
  }
}
