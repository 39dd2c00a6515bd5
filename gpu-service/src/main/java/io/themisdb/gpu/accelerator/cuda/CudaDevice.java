package io.themisdb.gpu.accelerator.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import io.themisdb.gpu.accelerator.AcceleratorUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * One CUDA device as the accelerator uses it: the device's primary context, the kernel modules
 * loaded from the PTX resources next to this class, and their functions.
 *
 * <p>The driver binds a context to a thread, and jobs, uploads and frees arrive on different
 * threads, so every entry point calls {@link #makeCurrent()} first. Close releases the modules and
 * the primary context; device memory still allocated in it is freed with it.
 */
final class CudaDevice implements AutoCloseable {

  /** PTX resources built from {@code src/main/cuda/*.cu}, next to this class, and their kernels. */
  static final Map<String, List<String>> KERNELS =
      Map.of(
          "knn.ptx", List.of("distance_matrix", "topk_select"),
          "geo.ptx", List.of("haversine_matrix", "within_radius", "point_in_polygon"));

  private final CUdevice device;
  private final CUcontext context;
  private final List<CUmodule> modules;
  private final String name;
  private final AtomicBoolean closed = new AtomicBoolean();

  final CUfunction distanceMatrix;
  final CUfunction topkSelect;
  final CUfunction haversineMatrix;
  final CUfunction withinRadius;
  final CUfunction pointInPolygon;

  private CudaDevice(
      CUdevice device, CUcontext context, Map<String, CUmodule> modules, String name) {
    this.device = device;
    this.context = context;
    this.modules = List.copyOf(modules.values());
    this.name = name;
    CUmodule knn = modules.get("knn.ptx");
    CUmodule geo = modules.get("geo.ptx");
    this.distanceMatrix = function(knn, "distance_matrix");
    this.topkSelect = function(knn, "topk_select");
    this.haversineMatrix = function(geo, "haversine_matrix");
    this.withinRadius = function(geo, "within_radius");
    this.pointInPolygon = function(geo, "point_in_polygon");
  }

  /**
   * Initialises the driver and opens device {@code ordinal}.
   *
   * @throws AcceleratorUnavailableException no driver, no such device, no PTX in the jar (built
   *     without nvcc), or PTX this driver cannot load
   * @throws LinkageError when the JCuda native library cannot load; the factory converts it
   */
  static CudaDevice open(int ordinal) {
    JCudaDriver.setExceptionsEnabled(false); // every call's result is checked here instead
    requireUsable(cuInit(0), "cuInit: no usable CUDA driver");
    int[] count = new int[1];
    requireUsable(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (ordinal >= count[0]) {
      throw new AcceleratorUnavailableException(
          "no CUDA device " + ordinal + ": the driver reports " + count[0] + " device(s)");
    }
    var device = new CUdevice();
    requireUsable(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
    byte[] rawName = new byte[256];
    requireUsable(cuDeviceGetName(rawName, rawName.length, device), "cuDeviceGetName");
    var context = new CUcontext();
    requireUsable(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    Map<String, CUmodule> modules = new TreeMap<>();
    try {
      requireUsable(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      for (String resource : KERNELS.keySet()) {
        var module = new CUmodule();
        requireUsable(
            cuModuleLoadData(module, ptx(resource)), "cuModuleLoadData(" + resource + ")");
        modules.put(resource, module);
      }
      return new CudaDevice(device, context, modules, cString(rawName));
    } catch (RuntimeException e) {
      modules.values().forEach(JCudaDriver::cuModuleUnload);
      cuDevicePrimaryCtxRelease(device);
      throw e;
    }
  }

  /** The device's name as the driver reports it, e.g. {@code NVIDIA H100 80GB HBM3}. */
  String name() {
    return name;
  }

  void makeCurrent() {
    if (closed.get()) {
      throw new IllegalStateException("CUDA accelerator is closed");
    }
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  /**
   * Launches {@code function} and waits for it. Arguments: {@link NativePointerObject} (device
   * buffers' pointers), {@link Integer} or {@link Double}, in the kernel's parameter order.
   */
  void launch(
      String kernel,
      CUfunction function,
      int gridX,
      int gridY,
      int blockX,
      int blockY,
      int sharedBytes,
      Object... args) {
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      params[i] =
          switch (args[i]) {
            case NativePointerObject p -> Pointer.to(p);
            case Integer v -> Pointer.to(new int[] {v});
            case Double v -> Pointer.to(new double[] {v});
            default -> throw new IllegalArgumentException("kernel argument " + args[i]);
          };
    }
    check(
        cuLaunchKernel(
            function,
            gridX,
            gridY,
            1,
            blockX,
            blockY,
            1,
            sharedBytes,
            null,
            Pointer.to(params),
            null),
        "cuLaunchKernel(" + kernel + ")");
    check(cuCtxSynchronize(), "cuCtxSynchronize after " + kernel);
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Unloads the modules and releases the primary context; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      cuCtxSetCurrent(context);
      modules.forEach(JCudaDriver::cuModuleUnload);
      cuDevicePrimaryCtxRelease(device);
    }
  }

  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new CudaCallFailedException(call, result);
    }
  }

  private static void requireUsable(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new AcceleratorUnavailableException(
          call + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
    }
  }

  private static CUfunction function(CUmodule module, String entry) {
    var function = new CUfunction();
    requireUsable(
        cuModuleGetFunction(function, module, entry), "cuModuleGetFunction(" + entry + ")");
    return function;
  }

  /** The PTX text, NUL-terminated as cuModuleLoadData expects of a PTX image. */
  static byte[] ptx(String resource) {
    try (InputStream in = CudaDevice.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AcceleratorUnavailableException(
            "kernel resource "
                + resource
                + " is missing: gpu-service was built where nvcc was not on the PATH");
      }
      byte[] text = in.readAllBytes();
      return Arrays.copyOf(text, text.length + 1);
    } catch (IOException e) {
      throw new AcceleratorUnavailableException("cannot read kernel resource " + resource, e);
    }
  }

  private static String cString(byte[] raw) {
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }
}
