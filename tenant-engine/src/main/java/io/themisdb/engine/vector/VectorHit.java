package io.themisdb.engine.vector;

/**
 * A document near a query vector.
 *
 * @param distance by the index's metric, smaller is closer (see {@link
 *     io.themisdb.engine.spi.VectorMetric}): squared Euclidean, {@code 1 - cos} or the negated dot
 *     product
 */
public record VectorHit(String key, float distance) {}
