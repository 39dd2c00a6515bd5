package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.exec.CollectOperator;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.GraphScans;
import io.themisdb.engine.aql.exec.Modification;
import io.themisdb.engine.aql.exec.Operators;
import io.themisdb.engine.aql.exec.VectorScan;
import io.themisdb.engine.aql.exec.WindowOperator;
import io.themisdb.engine.index.IndexQuery;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A node of an executable plan: a chain from the query's start row ({@link Singleton}) to its
 * result. Each node keeps its compiled expressions and a line of text for EXPLAIN.
 */
public sealed interface PlanNode {

  /** The node feeding this one; null for {@link Singleton}. */
  PlanNode input();

  /** One line for EXPLAIN. */
  String describe();

  record Singleton() implements PlanNode {
    @Override
    public PlanNode input() {
      return null;
    }

    @Override
    public String describe() {
      return "Singleton";
    }
  }

  record ScanCollection(
      PlanNode input,
      String variable,
      int slot,
      String collection,
      boolean keysFirst,
      io.themisdb.engine.aql.exec.Scans.Projection projection)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanCollection "
          + variable
          + " IN "
          + collection
          + " (full scan"
          + (projection == null ? "" : projection.text())
          + ")";
    }
  }

  /**
   * An index scan; {@code unique}: a unique index matched by equality on all its attributes, and
   * {@code selectivity}: the fraction of the collection one lookup is taken to find, both for the
   * estimates of EXPLAIN ({@link Estimates}).
   */
  record ScanIndex(
      PlanNode input,
      String variable,
      int slot,
      String collection,
      String index,
      List<String> fields,
      String condition,
      Function<JsonNode[], List<IndexQuery>> queries,
      boolean descending,
      long limit,
      boolean batchedReads,
      boolean unique,
      double selectivity,
      io.themisdb.engine.document.DocumentCodec.Fields reads)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanIndex "
          + variable
          + " IN "
          + collection
          + " USING "
          + index
          + " "
          + fields
          + (condition.isEmpty() ? "" : " WHERE " + condition)
          + (descending ? " DESC" : " ASC")
          + (limit >= 0 ? " LIMIT " + limit : "")
          + (reads == null ? "" : ", reads only " + reads.names());
    }
  }

  /** The nearest documents by a vector index; see {@link VectorScan}. */
  record ScanVector(PlanNode input, String variable, int slot, VectorScan.Spec spec, String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanVector " + variable + " IN " + spec.collection() + " " + text;
    }
  }

  /**
   * A geo index search ({@link GeoPlans}): the documents whose keys {@code keys} yields for each
   * input row; {@code condition} says what was searched for EXPLAIN.
   */
  record ScanGeo(
      PlanNode input,
      String variable,
      int slot,
      String collection,
      String index,
      List<String> fields,
      String condition,
      Function<JsonNode[], java.util.Iterator<String>> keys)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanGeo "
          + variable
          + " IN "
          + collection
          + " USING "
          + index
          + " "
          + fields
          + " "
          + condition;
    }
  }

  /**
   * A hash join: the collection is read once into a table keyed by {@code path}; each input row
   * then gets the documents whose key equals {@code probe}.
   */
  record ScanHashed(
      PlanNode input,
      String variable,
      int slot,
      String collection,
      String path,
      Eval probe,
      String condition)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanHashed "
          + variable
          + " IN "
          + collection
          + " (hash join on "
          + path
          + ") WHERE "
          + condition;
    }
  }

  record ScanArray(PlanNode input, String variable, int slot, Eval source, String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "ScanArray " + variable + " IN " + text;
    }
  }

  record Traverse(PlanNode input, GraphScans.TraversalPlan plan, String text) implements PlanNode {
    @Override
    public String describe() {
      return "Traverse " + text;
    }
  }

  /** SHORTEST_PATH or K_SHORTEST_PATHS. */
  record ShortestPath(PlanNode input, GraphScans.PathPlan plan, String text) implements PlanNode {
    @Override
    public String describe() {
      return "ShortestPath " + text;
    }
  }

  record Filter(PlanNode input, Eval condition, String text) implements PlanNode {
    @Override
    public String describe() {
      return "Filter " + text;
    }
  }

  record Let(PlanNode input, String variable, int slot, Eval value, String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "Let " + variable + " = " + text;
    }
  }

  record Sort(PlanNode input, List<Operators.SortKey> keys, String text) implements PlanNode {
    @Override
    public String describe() {
      return "Sort " + text;
    }
  }

  /** {@code rows}: the count when it is a constant or bind parameter, else -1. */
  record Limit(PlanNode input, Eval offset, Eval count, long rows, String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "Limit " + text;
    }
  }

  record Collect(
      PlanNode input,
      List<CollectOperator.Group> groups,
      List<CollectOperator.Aggregate> aggregates,
      CollectOperator.Into into,
      int countSlot,
      String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "Collect " + text;
    }
  }

  record Window(
      PlanNode input,
      String variable,
      int slot,
      String function,
      List<Eval> arguments,
      List<Eval> partitionBy,
      List<Operators.SortKey> orderBy,
      WindowOperator.Frame frame,
      String text)
      implements PlanNode {
    @Override
    public String describe() {
      return "Window " + variable + " = " + text;
    }
  }

  record Modify(PlanNode input, Modification.Spec spec, String text) implements PlanNode {
    @Override
    public String describe() {
      return spec.kind()
          + " "
          + text
          + (spec.upsertIndex() == null
              ? ""
              : " (search USING "
                  + spec.upsertIndex().index()
                  + " "
                  + spec.upsertIndex().fields()
                  + ")");
    }
  }

  /** The end of a query or subquery: what each row contributes to the result. */
  record Return(PlanNode input, Eval value, boolean distinct, String text) implements PlanNode {
    @Override
    public String describe() {
      return "Return " + (distinct ? "DISTINCT " : "") + text;
    }
  }
}
