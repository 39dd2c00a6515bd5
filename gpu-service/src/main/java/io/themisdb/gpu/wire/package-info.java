/**
 * The compact binary bodies ({@code application/x-themis-vectors}) in which vector sets, deltas,
 * query batches and kNN results travel between platform-api and the standalone GPU service. Plain
 * Java, so both sides share one codec; the layout is documented in docs/gpu-service.md.
 */
package io.themisdb.gpu.wire;
