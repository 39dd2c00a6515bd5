package io.themisdb.gpu.job;

/**
 * Distances in metres, row-major: {@code metres[row * columns + column]} is from {@code from[row]}
 * to {@code to[column]}.
 */
public record DistanceMatrix(int rows, int columns, double[] metres) implements JobResult {

  public DistanceMatrix {
    if (metres.length != rows * columns) {
      throw new IllegalArgumentException("metres must hold rows * columns values");
    }
  }

  public double metres(int row, int column) {
    return metres[row * columns + column];
  }
}
