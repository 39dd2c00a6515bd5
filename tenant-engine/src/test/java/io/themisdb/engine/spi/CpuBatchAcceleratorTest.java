package io.themisdb.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CpuBatchAcceleratorTest {

  private final CpuBatchAccelerator cpu = new CpuBatchAccelerator();

  @Test
  void nearestMatchesSortingEveryRowForEachMetric() {
    Random random = new Random(7);
    int d = 16;
    int count = 500;
    float[] rows = new float[count * d];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextGaussian();
    }
    float[] queries = new float[3 * d];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = (float) random.nextGaussian();
    }
    VectorSet set = new VectorSet("db", "c/v", 1, d, () -> rows);
    for (VectorMetric metric : VectorMetric.values()) {
      List<List<Neighbour>> result = cpu.nearest(set, metric, queries, 10);
      assertThat(result).hasSize(3);
      for (int q = 0; q < 3; q++) {
        float[] query = Arrays.copyOfRange(queries, q * d, q * d + d);
        int[] expected =
            IntStream.range(0, count)
                .boxed()
                .sorted(Comparator.comparingDouble(r -> reference(metric, query, rows, r * d)))
                .limit(10)
                .mapToInt(Integer::intValue)
                .toArray();
        assertThat(result.get(q).stream().mapToInt(Neighbour::row).toArray())
            .as("%s query %d", metric, q)
            .containsExactly(expected);
      }
    }
  }

  @Test
  void fewerNeighboursThanKWhenTheSetIsSmall() {
    VectorSet set = new VectorSet("db", "s", 1, 2, () -> new float[] {0, 0, 1, 1});
    List<List<Neighbour>> result = cpu.nearest(set, VectorMetric.EUCLIDEAN, new float[] {1, 1}, 5);
    assertThat(result.getFirst()).containsExactly(new Neighbour(1, 0f), new Neighbour(0, 2f));
  }

  @Test
  void queriesMustBeWholeVectors() {
    VectorSet set = new VectorSet("db", "s", 1, 2, () -> new float[] {0, 0});
    assertThatThrownBy(() -> cpu.nearest(set, VectorMetric.DOT, new float[] {1, 2, 3}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of dimension 2");
  }

  @Test
  void distancesAreGreatCircleMetres() {
    // Paris to London is about 343.5 km; a quarter meridian is pi/2 radii
    double[] d =
        cpu.distances(
            "db", new double[] {2.3522, 48.8566, 0, 0}, new double[] {-0.1278, 51.5074, 0, 90});
    assertThat(d[0]).isCloseTo(343_500, within(1_000.0));
    assertThat(d[3]).isCloseTo(Math.PI / 2 * BatchAccelerator.EARTH_RADIUS_METRES, within(1e-6));
    assertThat(CpuBatchAccelerator.haversine(179.5, 0, -179.5, 0))
        .as("across the antimeridian")
        .isCloseTo(Math.toRadians(1) * BatchAccelerator.EARTH_RADIUS_METRES, within(1e-6));
  }

  @Test
  void insidePolygonHonoursHoles() {
    double[] shell = {0, 0, 10, 0, 10, 10, 0, 10};
    double[] hole = {4, 4, 6, 4, 6, 6, 4, 6};
    boolean[] inside =
        cpu.insidePolygon("db", shell, List.of(hole), new double[] {1, 1, 5, 5, 11, 5});
    assertThat(inside).containsExactly(true, false, false);
  }

  private static double reference(VectorMetric metric, float[] q, float[] rows, int offset) {
    double dot = 0;
    double qq = 0;
    double vv = 0;
    double l2 = 0;
    for (int i = 0; i < q.length; i++) {
      double v = rows[offset + i];
      dot += q[i] * v;
      qq += (double) q[i] * q[i];
      vv += v * v;
      l2 += (q[i] - v) * (q[i] - v);
    }
    return switch (metric) {
      case EUCLIDEAN -> l2;
      case DOT -> -dot;
      case COSINE -> 1 - dot / Math.sqrt(qq * vv);
    };
  }
}
