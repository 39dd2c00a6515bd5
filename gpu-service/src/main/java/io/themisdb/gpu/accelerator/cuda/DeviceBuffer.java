package io.themisdb.gpu.accelerator.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * One device allocation, checked when made and freed exactly once by {@link #close()}; meant for
 * try-with-resources. A zero-byte buffer allocates nothing (its pointer is null on the device).
 *
 * <p>Every method needs the accelerator's context current on the calling thread ({@link
 * CudaDevice#makeCurrent()}).
 */
final class DeviceBuffer implements AutoCloseable {

  final CUdeviceptr pointer = new CUdeviceptr();
  final long bytes;
  private final AtomicBoolean freed = new AtomicBoolean();

  private DeviceBuffer(long bytes) {
    this.bytes = bytes;
  }

  static DeviceBuffer allocate(long bytes, String what) {
    var buffer = new DeviceBuffer(bytes);
    if (bytes > 0) {
      CudaDevice.check(
          cuMemAlloc(buffer.pointer, bytes), "cuMemAlloc(" + bytes + " B, " + what + ")");
    }
    return buffer;
  }

  static DeviceBuffer of(float[] host, String what) {
    return upload(Pointer.to(host), (long) host.length * Float.BYTES, what);
  }

  static DeviceBuffer of(double[] host, String what) {
    return upload(Pointer.to(host), (long) host.length * Double.BYTES, what);
  }

  static DeviceBuffer of(int[] host, String what) {
    return upload(Pointer.to(host), (long) host.length * Integer.BYTES, what);
  }

  private static DeviceBuffer upload(Pointer host, long bytes, String what) {
    DeviceBuffer buffer = allocate(bytes, what);
    try {
      if (bytes > 0) {
        CudaDevice.check(cuMemcpyHtoD(buffer.pointer, host, bytes), "cuMemcpyHtoD(" + what + ")");
      }
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  void copyTo(float[] host) {
    download(Pointer.to(host), (long) host.length * Float.BYTES);
  }

  void copyTo(int[] host) {
    download(Pointer.to(host), (long) host.length * Integer.BYTES);
  }

  void copyTo(double[] host) {
    download(Pointer.to(host), (long) host.length * Double.BYTES);
  }

  void copyTo(byte[] host) {
    download(Pointer.to(host), host.length);
  }

  private void download(Pointer host, long length) {
    if (length > bytes) {
      throw new IllegalArgumentException("copy of " + length + " B from a " + bytes + " B buffer");
    }
    if (length > 0) {
      CudaDevice.check(cuMemcpyDtoH(host, pointer, length), "cuMemcpyDtoH");
    }
  }

  /** Frees the allocation; idempotent and thread-safe. */
  @Override
  public void close() {
    if (bytes > 0 && freed.compareAndSet(false, true)) {
      CudaDevice.check(cuMemFree(pointer), "cuMemFree(" + bytes + " B)");
    }
  }
}
