package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Expr.BinaryOp;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.SortKey;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.functions.GeoFunctions;
import io.themisdb.engine.geo.GeoHit;
import io.themisdb.engine.geo.GeoIndexReader;
import io.themisdb.engine.geo.GeoSearch;
import io.themisdb.engine.geo.GeoShape;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads a geo index for {@code FOR v IN collection} when the FILTERs that follow compare a distance
 * to the indexed attribute with a bound ({@code GEO_DISTANCE(v.loc, @p) <= r}, {@code
 * DISTANCE(v.lat, v.lon, lat, lon) < r}, {@code GEO_IN_RANGE}) or test it against a region ({@code
 * GEO_CONTAINS(@polygon, v.loc)}, {@code GEO_CONTAINS(v.loc, @point)}, {@code GEO_INTERSECTS}), and
 * when the first FOR is sorted by that distance ascending ({@code SORT GEO_DISTANCE(v.loc, @p)
 * LIMIT k}): then the index yields documents nearest first, ring by ring, and the SORT goes.
 *
 * <p>As with sorted indexes the FILTERs stay, so the index only has to return every document that
 * could match. Documents without a valid geo value have a null distance, which {@code <= r} accepts
 * and SORT puts first; the index keeps their keys too, so the result equals a full scan's.
 */
final class GeoPlans {

  /** A distance between the indexed value and a centre known before the loop. */
  private record Distance(Expr centre, String text) {}

  /** What the index is searched for, per input row. */
  private sealed interface Search {
    String text();
  }

  /**
   * Anchors within {@code radius} of the centre; {@code withoutValue}: also documents without a
   * value (their null distance passes a {@code <=} comparison).
   */
  private record Radius(Distance distance, Expr radius, boolean withoutValue, String text)
      implements Search {}

  /** Documents whose shape meets the region and passes {@code exact} (which implies meeting). */
  private record Region(Expr region, BiPredicate<GeoShape, GeoShape> exact, String text)
      implements Search {}

  private final Planner planner;
  private final String variable;
  private final Scope scope;
  private final IndexSelection paths;

  GeoPlans(Planner planner, String variable, Scope scope) {
    this.planner = planner;
    this.variable = variable;
    this.scope = scope;
    this.paths = new IndexSelection(planner, variable, scope);
  }

  /** A geo index scan for the loop, or null when no geo index serves it. */
  PlanNode scan(
      PlanNode input,
      int slot,
      String collection,
      List<Operation> ops,
      int forIndex,
      boolean first,
      Set<Integer> skip) {
    List<IndexDefinition> indexes =
        planner.database().indexes(collection).stream()
            .filter(d -> d.kind() == IndexKind.GEO && d.state() == IndexState.READY)
            .toList();
    if (indexes.isEmpty()) {
      return null;
    }
    List<Expr> conjuncts = new ArrayList<>();
    int sortAt = -1;
    boolean orderKept = first;
    for (int j = forIndex + 1; j < ops.size(); j++) {
      Operation op = ops.get(j);
      if (op instanceof Operation.Filter f) {
        conjuncts(f.condition(), conjuncts);
      } else if (op instanceof Operation.Sort && sortAt < 0 && orderKept) {
        sortAt = j;
      } else if (op instanceof Operation.For) {
        orderKept = false;
      } else if (!(op instanceof Operation.Let l) || l.value() instanceof Expr.WindowCall) {
        break;
      }
    }
    for (IndexDefinition index : indexes) {
      Search search = null;
      for (Expr c : conjuncts) {
        search = search(index, c);
        if (search != null) {
          break;
        }
      }
      // the nearest-first scan reads as the query pulls, so the query's own writes could move
      // documents between rings already read and rings to come: then SORT reads everything first
      Distance order =
          sortAt < 0 || planner.modifies(collection)
              ? null
              : sortDistance(index, (Operation.Sort) ops.get(sortAt));
      if (order != null
          && (search == null
              || (search instanceof Radius r
                  && r.withoutValue()
                  && r.distance().text().equals(order.text())))) {
        skip.add(sortAt);
        Radius bound = (Radius) search;
        String text =
            "NEAREST "
                + order.text()
                + (bound == null ? "" : " WHERE " + bound.text())
                + " (index order replaces the SORT)";
        return node(input, slot, collection, index, text, nearest(collection, index, order, bound));
      }
      if (search != null) {
        return node(
            input,
            slot,
            collection,
            index,
            "WHERE " + search.text(),
            keys(collection, index, search));
      }
    }
    return null;
  }

  private PlanNode node(
      PlanNode input,
      int slot,
      String collection,
      IndexDefinition index,
      String text,
      Function<JsonNode[], Iterator<String>> keys) {
    return new PlanNode.ScanGeo(
        input, variable, slot, collection, index.name(), index.fields(), text, keys);
  }

  // ------------------------------------------------------------ matching the AST

  private void conjuncts(Expr e, List<Expr> out) {
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r) && op == BinaryOp.AND) {
      conjuncts(l, out);
      conjuncts(r, out);
    } else {
      out.add(e);
    }
  }

  private Search search(IndexDefinition index, Expr e) {
    String text = ExprText.of(e);
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r)) {
      Distance d = null;
      Expr bound = null;
      if ((op == BinaryOp.LE || op == BinaryOp.LT) && paths.independent(r)) {
        d = distance(index, l);
        bound = r;
      } else if ((op == BinaryOp.GE || op == BinaryOp.GT) && paths.independent(l)) {
        d = distance(index, r);
        bound = l;
      }
      return d == null ? null : new Radius(d, bound, true, text);
    }
    if (!(e instanceof Expr.Call(String fn, List<Expr> args))) {
      return null;
    }
    if (fn.equals("GEO_IN_RANGE") && args.size() >= 4 && paths.independent(args.get(3))) {
      Distance d = distance(index, new Expr.Call("GEO_DISTANCE", args.subList(0, 2)));
      return d == null ? null : new Radius(d, args.get(3), false, text);
    }
    if (index.fields().size() != 1
        || args.size() != 2
        || !(fn.equals("GEO_CONTAINS") || fn.equals("GEO_INTERSECTS"))) {
      return null;
    }
    String field = index.fields().getFirst();
    boolean docFirst = field.equals(paths.path(args.get(0))) && paths.independent(args.get(1));
    boolean docSecond = field.equals(paths.path(args.get(1))) && paths.independent(args.get(0));
    if (!docFirst && !docSecond) {
      return null;
    }
    Expr region = docFirst ? args.get(1) : args.get(0);
    BiPredicate<GeoShape, GeoShape> exact;
    if (fn.equals("GEO_INTERSECTS")) {
      exact = (query, doc) -> query.intersects(doc);
    } else if (docSecond) {
      exact = (query, doc) -> query.contains(doc);
    } else {
      // a document containing the query shape meets it
      exact = (query, doc) -> doc.contains(query);
    }
    return new Region(region, exact, text);
  }

  /**
   * {@code GEO_DISTANCE(v.field, centre)} (either order, without an ellipsoid other than "sphere")
   * on a one-attribute index, or {@code DISTANCE(v.lat, v.lon, lat, lon)} (either pair first) on a
   * latitude-longitude index.
   */
  private Distance distance(IndexDefinition index, Expr e) {
    if (!(e instanceof Expr.Call(String fn, List<Expr> args))) {
      return null;
    }
    List<String> fields = index.fields();
    if (fn.equals("GEO_DISTANCE") && fields.size() == 1 && (args.size() == 2 || sphere(args))) {
      String field = fields.getFirst();
      if (field.equals(paths.path(args.get(0))) && paths.independent(args.get(1))) {
        return new Distance(args.get(1), ExprText.of(e));
      }
      if (field.equals(paths.path(args.get(1))) && paths.independent(args.get(0))) {
        return new Distance(args.get(0), ExprText.of(e));
      }
    }
    if (fn.equals("DISTANCE") && fields.size() == 2 && args.size() == 4) {
      for (int docAt : new int[] {0, 2}) {
        int other = 2 - docAt;
        if (fields.get(0).equals(paths.path(args.get(docAt)))
            && fields.get(1).equals(paths.path(args.get(docAt + 1)))
            && paths.independent(args.get(other))
            && paths.independent(args.get(other + 1))) {
          // the centre as [lon, lat], the form GeoFunctions reads
          Expr centre = new Expr.ArrayLiteral(List.of(args.get(other + 1), args.get(other)));
          return new Distance(centre, ExprText.of(e));
        }
      }
    }
    return null;
  }

  private static boolean sphere(List<Expr> args) {
    return args.size() == 3
        && args.get(2) instanceof Expr.Literal(JsonNode v)
        && v.isString()
        && v.stringValue().equalsIgnoreCase("sphere");
  }

  /** The distance an ascending single-key SORT orders by, or null. */
  private Distance sortDistance(IndexDefinition index, Operation.Sort sort) {
    List<SortKey> keys = sort.keys();
    if (keys.size() != 1 || keys.getFirst().descending()) {
      return null;
    }
    return distance(index, keys.getFirst().expr());
  }

  // ------------------------------------------------------------ running the search

  private Function<JsonNode[], Iterator<String>> keys(
      String collection, IndexDefinition index, Search search) {
    QueryContext ctx = planner.context();
    String name = index.name();
    return switch (search) {
      case Radius(Distance d, Expr radiusExpr, boolean withoutValue, String t) -> {
        Eval centre = planner.compile(d.centre(), scope);
        Eval radius = planner.compile(radiusExpr, scope);
        yield row -> {
          GeoIndexReader reader = ctx.transaction().geoIndex(collection, name);
          GeoShape c = GeoFunctions.shape(centre.eval(row));
          JsonNode r = radius.eval(row);
          if (c == null || !r.isNumber()) {
            // a null distance or a bound that is no number: GEO_IN_RANGE is null (no match),
            // while a comparison may hold for every document
            return withoutValue
                ? GeoSearch.allKeys(reader).iterator()
                : java.util.Collections.emptyIterator();
          }
          TreeSet<String> keys = new TreeSet<>();
          if (withoutValue) {
            keys.addAll(GeoSearch.withoutValue(reader));
          }
          for (GeoHit h :
              GeoSearch.withinRadius(
                  reader,
                  c.anchorLon(),
                  c.anchorLat(),
                  slack(r.doubleValue()),
                  Integer.MAX_VALUE)) {
            keys.add(h.key());
          }
          return keys.iterator();
        };
      }
      case Region(Expr regionExpr, BiPredicate<GeoShape, GeoShape> exact, String t) -> {
        Eval region = planner.compile(regionExpr, scope);
        yield row -> {
          GeoShape q = GeoFunctions.shape(region.eval(row));
          if (q == null) {
            // GEO_CONTAINS and GEO_INTERSECTS are null for an invalid region: nothing matches
            return java.util.Collections.emptyIterator();
          }
          GeoIndexReader reader = ctx.transaction().geoIndex(collection, name);
          return GeoSearch.matching(reader, q, doc -> exact.test(q, doc)).iterator();
        };
      }
    };
  }

  /** Documents nearest first: those without a value (null sorts first), then ring by ring. */
  private Function<JsonNode[], Iterator<String>> nearest(
      String collection, IndexDefinition index, Distance order, Radius bound) {
    QueryContext ctx = planner.context();
    String name = index.name();
    Eval centre = planner.compile(order.centre(), scope);
    Eval radius = bound == null ? null : planner.compile(bound.radius(), scope);
    return row -> {
      GeoIndexReader reader = ctx.transaction().geoIndex(collection, name);
      GeoShape c = GeoFunctions.shape(centre.eval(row));
      if (c == null) {
        // every distance is null: SORT keeps the scan's key order
        return GeoSearch.allKeys(reader).iterator();
      }
      JsonNode r = radius == null ? null : radius.eval(row);
      double max = r != null && r.isNumber() ? slack(r.doubleValue()) : Double.POSITIVE_INFINITY;
      Iterator<String> none = GeoSearch.withoutValue(reader).iterator();
      Iterator<GeoHit> near = GeoSearch.nearest(reader, c.anchorLon(), c.anchorLat(), max);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return none.hasNext() || near.hasNext();
        }

        @Override
        public String next() {
          return none.hasNext() ? none.next() : near.next().key();
        }
      };
    };
  }

  /** A bound a little wider than asked: the FILTER decides exactly, the index must not miss. */
  private static double slack(double metres) {
    return metres + Math.abs(metres) * 1e-9 + 1e-6;
  }
}
