package io.themisdb.gpu.job;

import java.util.List;

/** Neighbours of each query of a {@link KnnJob}, in query order. */
public record KnnResult(List<Neighbours> perQuery) implements JobResult {

  public KnnResult {
    perQuery = List.copyOf(perQuery);
  }
}
