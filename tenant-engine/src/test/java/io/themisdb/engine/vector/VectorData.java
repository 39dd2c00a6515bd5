package io.themisdb.engine.vector;

import io.themisdb.engine.spi.VectorMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded vector data for tests and the benchmark: points around Gaussian cluster centres (how
 * embeddings are distributed in practice) or uniform in the unit cube (the hard case for graphs).
 */
public final class VectorData {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private VectorData() {}

  /**
   * {@code count} vectors from {@code clusters} Gaussian clusters: centres uniform in [-1, 1]^d,
   * points N(0, 0.15^2) around them in every direction. The centres depend only on {@code clusters}
   * and {@code dimension}, so queries drawn with another seed come from the same clusters as the
   * data.
   */
  public static float[][] clustered(int count, int dimension, int clusters, long seed) {
    Random shapes = new Random(clusters * 31L + dimension);
    float[][] centres = new float[clusters][dimension];
    for (float[] c : centres) {
      for (int i = 0; i < dimension; i++) {
        c[i] = shapes.nextFloat() * 2 - 1;
      }
    }
    Random random = new Random(seed);
    float[][] out = new float[count][dimension];
    for (float[] v : out) {
      float[] c = centres[random.nextInt(clusters)];
      for (int i = 0; i < dimension; i++) {
        v[i] = c[i] + (float) (random.nextGaussian() * 0.15);
      }
    }
    return out;
  }

  public static float[][] uniform(int count, int dimension, long seed) {
    Random random = new Random(seed);
    float[][] out = new float[count][dimension];
    for (float[] v : out) {
      for (int i = 0; i < dimension; i++) {
        v[i] = random.nextFloat();
      }
    }
    return out;
  }

  /** The document with key {@code "d" + i} and attribute {@code v}. */
  public static ObjectNode document(int i, float[] vector) {
    ObjectNode d = JSON.createObjectNode().put("_key", "d" + i).put("n", i);
    ArrayNode a = d.putArray("v");
    for (float x : vector) {
      a.add(x);
    }
    return d;
  }

  /** The keys of the {@code k} nearest vectors by brute force, nearest first. */
  public static List<String> exactNearest(
      float[][] data, float[] query, int k, VectorMetric metric) {
    return IntStream.range(0, data.length)
        .boxed()
        .map(i -> new VectorHit("d" + i, metric.distance(query, data[i], 0)))
        .sorted(Comparator.comparingDouble(VectorHit::distance))
        .limit(k)
        .map(VectorHit::key)
        .toList();
  }

  /** Share of {@code exact} found in {@code found}. */
  public static double recall(List<String> exact, List<String> found) {
    List<String> hits = new ArrayList<>(found);
    hits.retainAll(exact);
    return exact.isEmpty() ? 1 : (double) hits.size() / exact.size();
  }
}
