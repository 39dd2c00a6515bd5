package io.themisdb.gpu.accelerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.Polygon;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link Accelerator} must do, checked against {@link NaiveReference} on random data:
 * the same neighbour sets (ties aside), distances within float tolerance, geo answers exact. Each
 * backend extends this class; a backend that cannot run here skips in {@link #createAccelerator()}
 * with a message that says why.
 */
public abstract class AcceleratorContractTest {

  protected Accelerator accelerator;
  private final Random random = new Random(20261125);

  /** The accelerator under test; may call {@code Assumptions.abort(reason)}. */
  protected abstract Accelerator createAccelerator();

  @BeforeEach
  void start() {
    accelerator = createAccelerator();
  }

  @AfterEach
  void stop() {
    if (accelerator != null) {
      accelerator.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void knnMatchesDoublePrecisionReference(Metric metric) {
    checkKnn(metric, 5_000, 37, 24, 25);
  }

  @ParameterizedTest
  @CsvSource({"L2, 128, 10", "COSINE, 128, 1", "DOT, 4096, 3", "L2, 1, 7", "COSINE, 130, 1024"})
  void knnMatchesReferenceAcrossShapes(Metric metric, int dimension, int k) {
    checkKnn(metric, 2_000, dimension, 5, k);
  }

  @Test
  void knnReturnsTheWholeSetWhenKExceedsIt() {
    checkKnn(Metric.L2, 7, 16, 3, 50);
  }

  @Test
  void cosineOfAZeroVectorIsDistanceOne() {
    var data = new VectorData(3, new long[] {1, 2}, new float[] {0, 0, 0, 1, 0, 0});
    try (ResidentVectors set = accelerator.upload(data)) {
      List<Neighbours> result = accelerator.knn(set, Metric.COSINE, 2, new float[] {1, 0, 0});
      assertThat(result.getFirst().ids()).containsExactly(2, 1);
      assertThat(result.getFirst().distances()[1]).isEqualTo(1f);
    }
  }

  private void checkKnn(Metric metric, int n, int dimension, int queryCount, int k) {
    VectorData data = randomSet(n, dimension);
    float[] queries = randomFloats(queryCount * dimension);
    try (ResidentVectors set = accelerator.upload(data)) {
      assertThat(set.size()).isEqualTo(n);
      assertThat(set.dimension()).isEqualTo(dimension);
      List<Neighbours> result = accelerator.knn(set, metric, k, queries);
      assertThat(result).hasSize(queryCount);
      for (int q = 0; q < queryCount; q++) {
        assertNeighboursMatch(data, metric, queries, q, k, result.get(q));
      }
    }
  }

  private static void assertNeighboursMatch(
      VectorData data, Metric metric, float[] queries, int q, int k, Neighbours actual) {
    double[] exact = NaiveReference.distances(data, metric, queries, q);
    Integer[] expectedRows = NaiveReference.nearestRows(exact, k);
    assertThat(actual.size()).isEqualTo(expectedRows.length);
    double scale = 0;
    for (double e : exact) {
      scale = Math.max(scale, Math.abs(e));
    }
    // float accumulation error grows with the dimension and the size of the values
    double tolerance = 1e-5 * Math.max(1, scale) * Math.sqrt(data.dimension()) + 1e-6;
    double kth = exact[expectedRows[expectedRows.length - 1]];
    Set<Long> expectedIds = new HashSet<>();
    for (int row : expectedRows) {
      expectedIds.add(data.ids()[row]);
    }
    var rowOfId = new java.util.HashMap<Long, Integer>();
    for (int row = 0; row < data.size(); row++) {
      rowOfId.put(data.ids()[row], row);
    }
    float previous = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.size(); i++) {
      long id = actual.ids()[i];
      int row = rowOfId.get(id);
      assertThat((double) actual.distances()[i])
          .as("distance of id %d for query %d", id, q)
          .isCloseTo(exact[row], within(tolerance));
      assertThat(actual.distances()[i]).as("sorted nearest first").isGreaterThanOrEqualTo(previous);
      previous = actual.distances()[i];
      if (!expectedIds.contains(id)) {
        // Ties aside: a neighbour outside the exact set is only acceptable at the k-th distance.
        assertThat(exact[row])
            .as("id %d is not among the nearest", id)
            .isCloseTo(kth, within(tolerance));
      }
    }
    assertThat(new HashSet<>(List.of(toBoxed(actual.ids())))).hasSize(actual.size());
  }

  @Test
  void haversineMatchesReference() {
    List<GeoPoint> from = randomPoints(40);
    List<GeoPoint> to = randomPoints(300);
    var matrix = accelerator.haversine(new HaversineJob(from, to));
    assertThat(matrix.rows()).isEqualTo(40);
    assertThat(matrix.columns()).isEqualTo(300);
    for (int r = 0; r < from.size(); r++) {
      for (int c = 0; c < to.size(); c++) {
        double expected = NaiveReference.haversine(from.get(r), to.get(c));
        // double precision: a few ulps of metres-scale values, far below a millimetre
        assertThat(matrix.metres(r, c)).isCloseTo(expected, within(1e-6));
      }
    }
  }

  @Test
  void haversineOfAntipodesIsHalfTheCircumference() {
    var matrix =
        accelerator.haversine(
            new HaversineJob(List.of(new GeoPoint(0, 0)), List.of(new GeoPoint(0, 180))));
    assertThat(matrix.metres(0, 0)).isCloseTo(Math.PI * GeoPoint.EARTH_RADIUS_METRES, within(1e-6));
  }

  @Test
  void withinRadiusMatchesReferenceExactly() {
    GeoPoint centre = new GeoPoint(48.1, 11.5);
    List<GeoPoint> points = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      points.add(new GeoPoint(47 + 2 * random.nextDouble(), 10.5 + 2 * random.nextDouble()));
    }
    double radius = 50_000;
    int[] expected =
        IntStream.range(0, points.size())
            .filter(i -> NaiveReference.haversine(centre, points.get(i)) <= radius)
            .toArray();
    assertThat(expected).isNotEmpty();
    assertThat(accelerator.withinRadius(new WithinRadiusJob(centre, radius, points)).indices())
        .containsExactly(expected);
  }

  @Test
  void pointInPolygonMatchesReferenceExactly() {
    // A concave shell (a "C") with two holes.
    Polygon polygon =
        new Polygon(
            ring(0, 0, 10, 0, 10, 3, 4, 3, 4, 7, 10, 7, 10, 10, 0, 10),
            List.of(ring(1, 1, 3, 1, 3, 2, 1, 2), ring(1, 8, 2, 8, 1.5, 9.5)));
    List<GeoPoint> points = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      points.add(new GeoPoint(-1 + 12 * random.nextDouble(), -1 + 12 * random.nextDouble()));
    }
    boolean[] inside = accelerator.pointInPolygon(new PointInPolygonJob(polygon, points)).inside();
    int insideCount = 0;
    for (int i = 0; i < points.size(); i++) {
      assertThat(inside[i])
          .as("point %s", points.get(i))
          .isEqualTo(NaiveReference.inside(polygon, points.get(i)));
      insideCount += inside[i] ? 1 : 0;
    }
    assertThat(insideCount).isBetween(points.size() / 4, points.size() * 3 / 4);
  }

  /** Ring from (longitude, latitude) pairs. */
  private static List<GeoPoint> ring(double... lonLat) {
    List<GeoPoint> ring = new ArrayList<>();
    for (int i = 0; i < lonLat.length; i += 2) {
      ring.add(new GeoPoint(lonLat[i + 1], lonLat[i]));
    }
    return ring;
  }

  private VectorData randomSet(int n, int dimension) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1_000_000L + 7L * i;
    }
    return new VectorData(dimension, ids, randomFloats(n * dimension));
  }

  private float[] randomFloats(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextFloat() * 2 - 1;
    }
    return out;
  }

  private List<GeoPoint> randomPoints(int n) {
    List<GeoPoint> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new GeoPoint(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180));
    }
    return points;
  }

  private static Long[] toBoxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
  }
}
