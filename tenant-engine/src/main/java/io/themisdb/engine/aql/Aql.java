package io.themisdb.engine.aql;

import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.TransactionOptions;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.QueryParser;
import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.plan.Pipeline;
import io.themisdb.engine.aql.plan.Planner;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runs AQL against a tenant database; {@link TenantDatabase#query} and {@link Transaction#query}
 * delegate here. A query without a caller's transaction runs in one of its own: committed when a
 * writing query succeeds, discarded when it fails or only reads.
 */
public final class Aql {
  private static final int PARSED_CACHE_SIZE = 512;

  /**
   * Parsed queries by text: the AST is immutable and parsing is a large share of a point lookup's
   * time. Least recently used entries go first.
   */
  private static final Map<String, Query> PARSED =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Query> eldest) {
              return size() > PARSED_CACHE_SIZE;
            }
          });

  private Aql() {}

  private static Query parse(String aql) {
    Query q = PARSED.get(aql);
    if (q == null) {
      q = QueryParser.parse(aql);
      PARSED.put(aql, q);
    }
    return q;
  }

  public static QueryCursor query(
      TenantDatabase database,
      Transaction callerTransaction,
      String aql,
      Map<String, ?> bindVars,
      QueryOptions options) {
    QueryOptions opts = options == null ? QueryOptions.DEFAULT : options;
    Query query = parse(aql);
    Map<String, JsonNode> bind = bindValues(bindVars);
    Transaction txn =
        callerTransaction != null
            ? callerTransaction
            : database.begin(TransactionOptions.DEFAULT.withTimeout(opts.timeout()));
    boolean own = callerTransaction == null;
    long timeout = opts.timeout() == null ? 0 : opts.timeout().toMillis();
    QueryContext ctx = new QueryContext(database, txn, timeout);
    if (opts.profile()) {
      ctx.enableProfile();
    }
    ctx.limitMemory(opts.maxMemoryBytes());
    try {
      Planner.Plan plan = Planner.plan(database, ctx, query, bind);
      java.util.function.Supplier<String> profile = opts.profile() ? () -> plan.profile(ctx) : null;
      Pipeline.Values values = Pipeline.values(plan.root(), null, ctx);
      if (!plan.modifies()) {
        return new QueryCursor(values, ctx, opts, own ? txn::abort : () -> {}, profile);
      }
      // A writing query runs to its end now, so its writes are done (and committed when the
      // transaction is its own) once query() returns.
      List<JsonNode> results = new ArrayList<>();
      try (values) {
        JsonNode v;
        while ((v = values.next()) != null) {
          results.add(v);
          if (opts.maxResults() > 0 && results.size() > opts.maxResults()) {
            throw new AqlExecutionException(
                "the query returns more than the allowed " + opts.maxResults() + " results");
          }
        }
      }
      if (own) {
        txn.commit();
      }
      var iterator = results.iterator();
      Pipeline.Values done =
          new Pipeline.Values() {
            @Override
            public JsonNode next() {
              return iterator.hasNext() ? iterator.next() : null;
            }

            @Override
            public void close() {}
          };
      return new QueryCursor(done, ctx, opts, () -> {}, profile);
    } catch (RuntimeException e) {
      if (own) {
        txn.abort();
      }
      throw e;
    }
  }

  /** The plan the query would run, as text: one operator per line, the result first. */
  public static String explain(TenantDatabase database, String aql, Map<String, ?> bindVars) {
    Query query = parse(aql);
    QueryContext ctx = new QueryContext(database, null, 0);
    return Planner.plan(database, ctx, query, bindValues(bindVars)).explain();
  }

  private static Map<String, JsonNode> bindValues(Map<String, ?> bindVars) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (bindVars != null) {
      for (Map.Entry<String, ?> e : bindVars.entrySet()) {
        Object v = e.getValue();
        JsonNode value =
            v == null ? Values.NULL : v instanceof JsonNode n ? n : Values.JSON.valueToTree(v);
        if (!finite(value)) {
          throw new AqlBindParameterException(
              "bind parameter @"
                  + e.getKey()
                  + " holds NaN or an infinity, which AQL has no value for");
        }
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  private static boolean finite(JsonNode v) {
    if (v.isFloatingPointNumber()) {
      return Double.isFinite(v.doubleValue());
    }
    for (JsonNode child : v.values()) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }
}
