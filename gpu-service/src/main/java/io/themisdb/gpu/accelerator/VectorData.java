package io.themisdb.gpu.accelerator;

import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.job.KnnJob;
import java.util.HashSet;

/**
 * Host copy of a vector set: {@code ids[i]} names row {@code i} of {@code vectors} (row-major). Ids
 * are unique. Not copied: whoever builds one hands over the arrays.
 */
public record VectorData(int dimension, long[] ids, float[] vectors) {

  public VectorData {
    if (dimension < 1 || dimension > KnnJob.MAX_DIMENSION) {
      throw new InvalidJobException(
          "dimension must be in [1, " + KnnJob.MAX_DIMENSION + "], was " + dimension);
    }
    if ((long) ids.length * dimension != vectors.length) {
      throw new InvalidJobException(
          "vectors must hold ids.length * dimension = "
              + (long) ids.length * dimension
              + " floats, held "
              + vectors.length);
    }
    var seen = new HashSet<Long>(ids.length * 2);
    for (long id : ids) {
      if (!seen.add(id)) {
        throw new InvalidJobException("id " + id + " appears twice");
      }
    }
    for (int i = 0; i < vectors.length; i++) {
      if (!Float.isFinite(vectors[i])) {
        throw new InvalidJobException(
            "vector " + ids[i / dimension] + " component " + i % dimension + " is not finite");
      }
    }
  }

  public int size() {
    return ids.length;
  }
}
