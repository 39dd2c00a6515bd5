package io.themisdb.gpu.accelerator.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call returned an error while the accelerator was running a job. */
public class CudaCallFailedException extends RuntimeException {

  private final int result;

  public CudaCallFailedException(String call, int result) {
    super(call + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
    this.result = result;
  }

  /** The driver's {@code CUresult} code. */
  public int result() {
    return result;
  }
}
