package io.themisdb.gpu.vectorset;

import io.themisdb.gpu.job.InvalidJobException;

/**
 * Changes to a vector set, following the engine's change log: upserts (insert or replace by id) and
 * deletes by id. Applied to {@code baseVersion}, it yields {@code newVersion}.
 *
 * @param baseVersion the version the delta was computed against; must be the resident one
 * @param newVersion the version after the delta; greater than {@code baseVersion}
 * @param upsertIds ids to insert or replace
 * @param upsertVectors their vectors, row-major, the set's dimension
 * @param deleteIds ids to remove; unknown ids are ignored
 */
public record VectorSetDelta(
    long baseVersion, long newVersion, long[] upsertIds, float[] upsertVectors, long[] deleteIds) {

  public VectorSetDelta {
    if (newVersion <= baseVersion) {
      throw new InvalidJobException(
          "newVersion " + newVersion + " must be greater than baseVersion " + baseVersion);
    }
  }
}
