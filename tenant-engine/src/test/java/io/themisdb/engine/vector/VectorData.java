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

  /** The latent dimension of each cluster: embeddings vary along few directions per topic. */
  static final int LATENT = 16;

  /**
   * {@code count} vectors from {@code clusters} Gaussian clusters: centres uniform in [-1, 1]^d,
   * each cluster a Gaussian of rank {@link #LATENT} (a random projection of N(0, 0.3^2) latent
   * coordinates) plus isotropic N(0, 0.02^2) noise. {@code isotropic} clusters (N(0, 0.15^2) in
   * every direction) are the much harder case of full intrinsic dimension, reported alongside.
   */
  public static float[][] clustered(int count, int dimension, int clusters, long seed) {
    return clustered(count, dimension, clusters, seed, false);
  }

  public static float[][] clustered(
      int count, int dimension, int clusters, long seed, boolean isotropic) {
    // Centres and shapes come from a seed of their own: queries share the data's clusters.
    Random shapes = new Random(clusters * 31L + dimension);
    float[][] centres = new float[clusters][dimension];
    float[][][] bases = new float[clusters][LATENT][dimension];
    for (int c = 0; c < clusters; c++) {
      for (int i = 0; i < dimension; i++) {
        centres[c][i] = shapes.nextFloat() * 2 - 1;
      }
      for (float[] axis : bases[c]) {
        for (int i = 0; i < dimension; i++) {
          axis[i] = (float) (shapes.nextGaussian() / Math.sqrt(LATENT));
        }
      }
    }
    Random random = new Random(seed);
    float[][] out = new float[count][dimension];
    for (float[] v : out) {
      int c = random.nextInt(clusters);
      System.arraycopy(centres[c], 0, v, 0, dimension);
      if (isotropic) {
        for (int i = 0; i < dimension; i++) {
          v[i] += (float) (random.nextGaussian() * 0.15);
        }
        continue;
      }
      for (float[] axis : bases[c]) {
        float z = (float) (random.nextGaussian() * 0.3);
        for (int i = 0; i < dimension; i++) {
          v[i] += z * axis[i];
        }
      }
      for (int i = 0; i < dimension; i++) {
        v[i] += (float) (random.nextGaussian() * 0.02);
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
