package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.engine.spi.Neighbour;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GEO_DISTANCES hands its whole batch to the host's accelerator in one call. */
class AqlGeoBatchTest {
  @TempDir Path root;

  /** The CPU accelerator, recording the batches it is given. */
  static final class Recording implements BatchAccelerator {
    final CpuBatchAccelerator cpu = new CpuBatchAccelerator();
    final List<int[]> batches = new ArrayList<>();
    final List<String> databases = new ArrayList<>();

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public List<List<Neighbour>> nearest(
        VectorSet set, VectorMetric metric, float[] queries, int k) {
      return cpu.nearest(set, metric, queries, k);
    }

    @Override
    public double[] distances(String database, double[] from, double[] to) {
      batches.add(new int[] {from.length / 2, to.length / 2});
      databases.add(database);
      return cpu.distances(database, from, to);
    }

    @Override
    public boolean[] insidePolygon(
        String database, double[] shell, List<double[]> holes, double[] points) {
      return cpu.insidePolygon(database, shell, holes, points);
    }
  }

  @Test
  void geoDistancesIsOneAcceleratorBatch() {
    Recording accelerator = new Recording();
    try (EngineHost host =
        EngineHost.start(
            EngineSettings.defaults(root)
                .withMemoryBudget(32L << 20)
                .withIdleTimeout(Duration.ZERO),
            EngineExtensions.defaults().withAccelerator(accelerator))) {
      TenantDatabase db = host.create("acme");
      String aql = "RETURN GEO_DISTANCES(@from, @to)";
      Map<String, Object> bind =
          Map.of(
              "from",
              List.of(
                  List.of(0, 0),
                  List.of(179.5, 0),
                  Map.of("type", "Point", "coordinates", List.of(0, 90))),
              "to",
              List.of(List.of(-179.5, 0), List.of(0, 89)));
      List<tools.jackson.databind.JsonNode> rows;
      try (QueryCursor c = db.query(aql, bind, QueryOptions.DEFAULT)) {
        rows = c.all();
      }
      assertThat(accelerator.batches).hasSize(1);
      assertThat(accelerator.batches.getFirst()).containsExactly(3, 2);
      assertThat(accelerator.databases)
          .as("the work counts to the query's database")
          .containsExactly("acme");
      var matrix = rows.getFirst();
      assertThat(matrix.size()).isEqualTo(3);
      // across the antimeridian: 1° of longitude on the equator, and 1° of latitude at the pole
      assertThat(matrix.get(1).get(0).doubleValue()).isCloseTo(111_195.08, within());
      assertThat(matrix.get(2).get(1).doubleValue()).isCloseTo(111_195.08, within());
      assertThat(Values.JSON.writeValueAsString(matrix.get(0).get(0)))
          .isEqualTo(
              Values.JSON.writeValueAsString(
                  Values.number(CpuBatchAccelerator.haversine(0, 0, -179.5, 0))));
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.01);
  }
}
