package io.themisdb.platform.problem;

import java.io.IOException;

/**
 * A request body grew past the configured limit while it was read. An {@link IOException}, since
 * that is what a servlet input stream may throw; answered as {@code payload-too-large}.
 */
public class BodyTooLargeException extends IOException {
  public BodyTooLargeException(long limit) {
    super("The request body exceeds the limit of " + limit + " bytes.");
  }
}
