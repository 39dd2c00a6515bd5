package io.themisdb.engine.aql.exec;

import io.themisdb.engine.Vectors;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.functions.VectorFunctions;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.vector.VectorHit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * FOR over a vector index: the documents nearest a query vector, nearest first, at most {@code
 * limit} of them that pass the FILTERs following the FOR. With a selective sorted index on the
 * FILTER attributes, its candidates are read first and ranked by exact distance (pre-filter);
 * otherwise the graph is over-queried until enough candidates pass (post-filter). Small indexes and
 * {@code EXACT_NEAR_*} are answered by brute force on the host's batch accelerator.
 *
 * <p>The index reflects committed data: inside an explicit transaction, documents the transaction
 * itself inserted are not found by the index, while documents it changed or removed are read (and
 * filtered) as the transaction sees them.
 */
public final class VectorScan {
  /** A pre-filter reading at most this many candidates is used; beyond, post-filtering wins. */
  public static final int PREFILTER_MAX = 10_000;

  /** Indexes this small are searched exactly: brute force costs less than the graph's misses. */
  public static final int EXACT_BELOW = 1_000;

  private static final int OVERQUERY = 4;

  private VectorScan() {}

  /**
   * What the planner decided.
   *
   * @param filter the FILTER conditions after the FOR, all of which a document must pass; null when
   *     there are none
   * @param prefilterIndex a sorted index narrowing the FILTER, or null
   */
  public record Spec(
      String collection,
      String index,
      String function,
      Eval query,
      long limit,
      Eval filter,
      String prefilterIndex,
      Function<JsonNode[], List<IndexQuery>> prefilterQueries,
      boolean exact) {}

  public static Operator scan(Operator input, int slot, Spec spec, QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        return nearest(row, slot, spec, ctx).iterator();
      }
    };
  }

  private static List<JsonNode> nearest(JsonNode[] row, int slot, Spec spec, QueryContext ctx) {
    JsonNode q = spec.query().eval(row);
    float[] query = VectorFunctions.vector(q);
    if (query == null) {
      throw new AqlExecutionException(
          spec.function() + " needs a number array as its query vector, got " + Values.typeName(q));
    }
    Vectors vectors = ctx.database().vectors();
    int k = (int) Math.min(spec.limit(), Integer.MAX_VALUE);
    List<JsonNode> out = new ArrayList<>();
    if (k <= 0) {
      return out;
    }
    try {
      if (spec.prefilterQueries() != null) {
        List<String> candidates = candidates(row, spec, ctx);
        if (candidates.size() <= PREFILTER_MAX) {
          collect(
              vectors.distances(spec.collection(), spec.index(), query, candidates),
              row,
              slot,
              spec,
              k,
              out,
              ctx);
          return out;
        }
      }
      int size = vectors.size(spec.collection(), spec.index());
      boolean exact = spec.exact() || size < EXACT_BELOW;
      for (int n =
              spec.filter() == null ? k : (int) Math.min((long) k * OVERQUERY, Math.max(size, k));
          ;
          n = (int) Math.min((long) n * OVERQUERY, Math.max(size, k))) {
        List<VectorHit> hits =
            exact
                ? vectors.exact(spec.collection(), spec.index(), query, n)
                : vectors.approximate(spec.collection(), spec.index(), query, n, 0);
        out.clear();
        collect(hits, row, slot, spec, k, out, ctx);
        if (out.size() >= k || hits.size() < n || n >= size) {
          return out;
        }
      }
    } catch (IllegalArgumentException e) {
      throw new AqlExecutionException(spec.function() + ": " + e.getMessage());
    }
  }

  /** The keys the pre-filter index gives, at most one more than {@link #PREFILTER_MAX}. */
  private static List<String> candidates(JsonNode[] row, Spec spec, QueryContext ctx) {
    List<String> keys = new ArrayList<>();
    for (IndexQuery iq : spec.prefilterQueries().apply(row)) {
      for (IndexHit h :
          ctx.transaction()
              .lookup(
                  spec.collection(),
                  spec.prefilterIndex(),
                  iq,
                  false,
                  PREFILTER_MAX + 1 - keys.size())) {
        keys.add(h.key());
      }
      if (keys.size() > PREFILTER_MAX) {
        break;
      }
    }
    return keys;
  }

  /** Reads the hits' documents in the query's transaction and keeps the first k that pass. */
  private static void collect(
      List<VectorHit> hits,
      JsonNode[] row,
      int slot,
      Spec spec,
      int k,
      List<JsonNode> out,
      QueryContext ctx) {
    JsonNode[] probe = row.clone();
    for (VectorHit h : hits) {
      if (out.size() == k) {
        return;
      }
      ctx.checkpoint();
      Optional<ObjectNode> doc = ctx.transaction().get(spec.collection(), h.key());
      if (doc.isEmpty()) {
        continue;
      }
      JsonNode d = QueryContext.withId(spec.collection(), doc.get());
      probe[slot] = d;
      if (spec.filter() == null || Values.truthy(spec.filter().eval(probe))) {
        out.add(d);
      }
    }
  }
}
