package io.themisdb.billing.quota;

/**
 * The rate-limit backend could not answer (for example Redis is unreachable). platform-api decides
 * whether to fail open or closed; the library never guesses.
 */
public final class RateLimitBackendException extends RuntimeException {

  public RateLimitBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
