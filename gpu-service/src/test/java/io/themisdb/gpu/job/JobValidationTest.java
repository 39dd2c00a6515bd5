package io.themisdb.gpu.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobValidationTest {

  @Test
  void kAboveTheLimitIsRejectedWithTheLimitInTheMessage() {
    assertThatThrownBy(() -> new KnnJob("s", 1, Metric.L2, 1025, 2, new float[2]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("k must be in [1, 1024], was 1025");
    assertThatThrownBy(() -> new KnnJob("s", 1, Metric.L2, 0, 2, new float[2]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void dimensionAboveTheLimitIsRejected() {
    assertThatThrownBy(() -> new KnnJob("s", 1, Metric.DOT, 1, 4097, new float[4097]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("dimension must be in [1, 4096], was 4097");
  }

  @Test
  void queriesThatAreNotWholeVectorsAreRejected() {
    assertThatThrownBy(() -> new KnnJob("s", 1, Metric.L2, 1, 3, new float[7]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("multiple of dimension 3");
    assertThatThrownBy(() -> KnnJob.of("s", 1, Metric.L2, 1, new float[3], new float[2]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("query 1 has 2 components, query 0 has 3");
  }

  @Test
  void nonFiniteQueryComponentsAreRejectedWithTheirPosition() {
    assertThatThrownBy(() -> new KnnJob("s", 1, Metric.L2, 1, 2, new float[] {0, 0, 1, Float.NaN}))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("query 1 component 1 is not finite");
  }

  @Test
  void blankSetNameIsRejected() {
    assertThatThrownBy(() -> new KnnJob(" ", 1, Metric.L2, 1, 1, new float[1]))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("set must not be blank");
  }

  @Test
  void knnCostsOneUnitPerQuery() {
    assertThat(new KnnJob("s", 0, Metric.COSINE, 5, 2, new float[10]).cost()).isEqualTo(5);
  }

  @Test
  void geoPointsOutsideTheirRangesAreRejected() {
    assertThatThrownBy(() -> new GeoPoint(91, 0))
        .hasMessage("latitude must be in [-90, 90], was 91.0");
    assertThatThrownBy(() -> new GeoPoint(0, Double.NaN)).isInstanceOf(InvalidJobException.class);
  }

  @Test
  void geoJobsNeedPointsAndSaneArguments() {
    var p = new GeoPoint(0, 0);
    assertThatThrownBy(() -> new HaversineJob(List.of(), List.of(p)))
        .isInstanceOf(InvalidJobException.class);
    assertThatThrownBy(() -> new WithinRadiusJob(p, -1, List.of(p)))
        .hasMessageContaining("radiusMetres must be finite and >= 0");
    assertThatThrownBy(() -> Polygon.of(List.of(p, p)))
        .hasMessage("shell needs at least 3 points, had 2");
    assertThat(new HaversineJob(List.of(p, p), List.of(p)).cost()).isEqualTo(1);
  }

  @Test
  void lonLatPairsBecomePointsInGeoJsonOrder() {
    assertThat(GeoPoint.fromLonLatPairs(new double[] {13.4, 52.5, -74, 40.7}, "points"))
        .containsExactly(new GeoPoint(52.5, 13.4), new GeoPoint(40.7, -74));
    assertThatThrownBy(() -> GeoPoint.fromLonLatPairs(new double[] {1, 2, 3}, "from"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("from must hold lon, lat pairs, held 3 values");
    assertThatThrownBy(() -> GeoPoint.fromLonLatPairs(new double[] {1, 95}, "to"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("latitude");
  }
}
