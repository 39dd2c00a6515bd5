package io.themisdb.platform.gpu;

/** The standalone GPU service could not be reached or answered something unexpected. */
public class GpuServiceUnavailableException extends RuntimeException {

  public GpuServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public GpuServiceUnavailableException(String message) {
    super(message);
  }
}
