package io.themisdb.gpu.accelerator;

/** An accelerator this machine cannot run: no driver, no device, no kernels. */
public class AcceleratorUnavailableException extends RuntimeException {

  public AcceleratorUnavailableException(String message) {
    super(message);
  }

  public AcceleratorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
