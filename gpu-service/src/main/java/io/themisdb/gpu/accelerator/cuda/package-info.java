/**
 * The {@code cuda} accelerator: kernels from {@code src/main/cuda}, compiled to PTX by {@code nvcc}
 * at build time and loaded through the JCuda driver API. The only package that may use JCuda.
 */
package io.themisdb.gpu.accelerator.cuda;
