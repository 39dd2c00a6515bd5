package io.themisdb.engine.spi;

/**
 * One result of a nearest-neighbour search.
 *
 * @param row the neighbour's row in its {@link VectorSet}
 * @param distance its distance from the query under the search's {@link VectorMetric}
 */
public record Neighbour(int row, float distance) {}
