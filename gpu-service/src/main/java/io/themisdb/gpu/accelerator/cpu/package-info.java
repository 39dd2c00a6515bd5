/** The {@code cpu} accelerator: parallel, SIMD through the JDK Vector API where present. */
package io.themisdb.gpu.accelerator.cpu;
