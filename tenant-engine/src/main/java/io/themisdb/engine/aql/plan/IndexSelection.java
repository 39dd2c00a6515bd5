package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Expr.BinaryOp;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.SortKey;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Chooses a sorted index for {@code FOR v IN collection}: from the FILTER conditions that follow
 * (equality and IN on leading index attributes, then a range or a LIKE prefix on the next), and
 * from a SORT on the index attributes. The FILTERs stay in the plan; the index only narrows what is
 * read, so it must return every document that could match, never fewer.
 */
final class IndexSelection {

  /** An index scan replacing a full scan; {@code sortIndex} is the SORT it makes unneeded. */
  record Choice(
      IndexDefinition index,
      String condition,
      Function<JsonNode[], List<IndexQuery>> queries,
      boolean descending,
      int sortIndex,
      long limit,
      boolean unique,
      double selectivity) {}

  /** One usable condition on an attribute path of the loop variable. */
  private record Condition(String path, BinaryOp op, Expr value, String text) {}

  private final Planner planner;
  private final String variable;
  private final Scope scope;
  private final String collection;
  private final EncryptionPolicy policy;

  IndexSelection(Planner planner, String variable, Scope scope) {
    this(planner, variable, scope, null, null);
  }

  /** For a loop over {@code collection}, whose encryption policy (or null) shapes lookups. */
  IndexSelection(
      Planner planner, String variable, Scope scope, String collection, EncryptionPolicy policy) {
    this.planner = planner;
    this.variable = variable;
    this.scope = scope;
    this.collection = collection;
    this.policy = policy;
  }

  Choice choose(List<IndexDefinition> indexes, List<Operation> ops, int forIndex, boolean first) {
    List<Condition> conditions = new ArrayList<>();
    int sortAt = -1;
    boolean orderKept = first;
    for (int j = forIndex + 1; j < ops.size(); j++) {
      Operation op = ops.get(j);
      if (op instanceof Operation.Filter f) {
        conjuncts(f.condition(), conditions);
      } else if (op instanceof Operation.Sort && sortAt < 0 && orderKept) {
        sortAt = j;
      } else if (op instanceof Operation.For) {
        orderKept = false;
      } else if (!(op instanceof Operation.Let l) || l.value() instanceof Expr.WindowCall) {
        break;
      }
    }
    List<IndexDefinition> usable =
        indexes.stream().filter(d -> d.state() == IndexState.READY && !d.sparse()).toList();
    Candidate best = null;
    for (IndexDefinition d : usable) {
      Candidate c = candidate(d, conditions);
      if (c != null && (best == null || c.score > best.score)) {
        best = c;
      }
    }
    List<SortKey> sortKeys = sortAt < 0 ? null : ((Operation.Sort) ops.get(sortAt)).keys();
    Boolean sortDesc =
        sortKeys == null
            ? null
            : sortPaths(sortKeys) == null ? null : sortKeys.getFirst().descending();
    if (best != null) {
      boolean sorted = sortDesc != null && best.orders(sortPaths(sortKeys));
      return best.choice(sorted ? sortAt : -1, sorted && sortDesc, ops, sortAt);
    }
    if (sortDesc != null) {
      List<String> paths = sortPaths(sortKeys);
      for (IndexDefinition d : usable) {
        Candidate c = new Candidate(d, List.of(), null, List.of());
        if (c.orders(paths)) {
          return c.choice(sortAt, sortDesc, ops, sortAt);
        }
      }
    }
    return null;
  }

  /** The key of a hash join: the loop variable's {@code path} equals {@code value}. */
  record HashKey(String path, Expr value, String text) {}

  /**
   * The first equality between an attribute of the loop variable and a value known before the loop,
   * among the FILTERs that follow it; null when there is none.
   */
  HashKey hashKey(List<Operation> ops, int forIndex) {
    List<Condition> conditions = new ArrayList<>();
    for (int j = forIndex + 1; j < ops.size(); j++) {
      Operation op = ops.get(j);
      if (op instanceof Operation.Filter f) {
        conjuncts(f.condition(), conditions);
      } else if (!(op instanceof Operation.For)
          && !(op instanceof Operation.Sort)
          && (!(op instanceof Operation.Let l) || l.value() instanceof Expr.WindowCall)) {
        break;
      }
    }
    return conditions.stream()
        .filter(c -> c.op() == BinaryOp.EQ)
        .findFirst()
        .map(c -> new HashKey(c.path(), c.value(), c.text()))
        .orElse(null);
  }

  /** The attribute paths of SORT keys if all are on the variable in one direction, else null. */
  private List<String> sortPaths(List<SortKey> keys) {
    List<String> paths = new ArrayList<>();
    for (SortKey k : keys) {
      String p = path(k.expr());
      if (p == null || k.descending() != keys.getFirst().descending()) {
        return null;
      }
      paths.add(p);
    }
    return paths;
  }

  private final class Candidate {
    final IndexDefinition index;
    final List<Condition> equal;
    final Condition in;
    final List<Condition> range;
    final int score;

    Candidate(IndexDefinition index, List<Condition> equal, Condition in, List<Condition> range) {
      this.index = index;
      this.equal = equal;
      this.in = in;
      this.range = range;
      int eq = equal.size() + (in == null ? 0 : 1);
      this.score =
          eq * 10
              + (range.isEmpty() ? 0 : 5)
              + (index.unique() && eq == index.fields().size() ? 100 : 0)
              - index.fields().size();
    }

    /** Whether reading this index in order gives the rows in the order of {@code paths}. */
    boolean orders(List<String> paths) {
      if (in != null) {
        return false;
      }
      List<String> rest = index.fields().subList(equal.size(), index.fields().size());
      return paths.size() <= rest.size() && rest.subList(0, paths.size()).equals(paths);
    }

    Choice choice(int sortIndex, boolean descending, List<Operation> ops, int sortAt) {
      List<Eval> eq = new ArrayList<>();
      for (Condition c : equal) {
        eq.add(planner.compile(c.value(), scope));
      }
      Eval inValues = in == null ? null : planner.compile(in.value(), scope);
      List<Eval> lower = new ArrayList<>();
      List<Boolean> lowerInclusive = new ArrayList<>();
      List<Eval> upper = new ArrayList<>();
      List<Boolean> upperInclusive = new ArrayList<>();
      Eval prefix = null;
      for (Condition c : range) {
        Eval v = planner.compile(c.value(), scope);
        switch (c.op()) {
          case GT, GE -> {
            lower.add(v);
            lowerInclusive.add(c.op() == BinaryOp.GE);
          }
          case LT, LE -> {
            upper.add(v);
            upperInclusive.add(c.op() == BinaryOp.LE);
          }
          default -> prefix = v;
        }
      }
      Eval likePrefix = prefix;
      Function<JsonNode[], List<IndexQuery>> queries =
          row -> {
            List<JsonNode> fixed = new ArrayList<>();
            for (Eval e : eq) {
              fixed.add(e.eval(row));
            }
            List<List<JsonNode>> tuples = new ArrayList<>();
            if (inValues == null) {
              tuples.add(fixed);
            } else {
              JsonNode values = inValues.eval(row);
              if (!values.isArray()) {
                return List.of();
              }
              TreeSet<JsonNode> distinct = new TreeSet<>(Values::compare);
              values.values().forEach(distinct::add);
              for (JsonNode v : distinct) {
                List<JsonNode> t = new ArrayList<>(fixed);
                t.add(v);
                tuples.add(t);
              }
            }
            if (policy != null) {
              tuples = probes(index.fields(), tuples);
            }
            List<IndexQuery> out = new ArrayList<>();
            for (List<JsonNode> t : tuples) {
              out.add(query(t, row, lower, lowerInclusive, upper, upperInclusive, likePrefix));
            }
            return out;
          };
      List<String> texts = new ArrayList<>();
      equal.forEach(c -> texts.add(c.text()));
      if (in != null) {
        texts.add(in.text());
      }
      range.forEach(c -> texts.add(c.text()));
      long limit = -1;
      if (sortIndex >= 0 && sortAt + 1 < ops.size() && range.isEmpty() && equal.isEmpty()) {
        // SORT directly followed by LIMIT over an index order: read only offset + count entries.
        if (ops.get(sortAt + 1) instanceof Operation.Limit l && noFilterBefore(ops, sortAt)) {
          Long n = planner.constantLimit(l);
          if (n != null) {
            limit = n;
          }
        }
      }
      boolean unique =
          index.unique() && in == null && range.isEmpty() && equal.size() == index.fields().size();
      double selectivity =
          (equal.isEmpty() ? 1 : Estimates.EQUALITY)
              * (in == null ? 1 : Estimates.IN)
              * (range.isEmpty()
                  ? 1
                  : range.getFirst().op() == BinaryOp.LIKE ? Estimates.PREFIX : Estimates.RANGE);
      return new Choice(
          index,
          String.join(" AND ", texts),
          queries,
          descending,
          sortIndex,
          limit,
          unique,
          selectivity);
    }
  }

  /**
   * Index entries of deterministically encrypted attributes hold ciphertexts: each looked-up value
   * becomes its probes (one per key version that decrypts), and a tuple one lookup per combination.
   */
  private List<List<JsonNode>> probes(List<String> fields, List<List<JsonNode>> tuples) {
    List<List<JsonNode>> out = tuples;
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      if (policy.protection(field).isEmpty()) {
        continue;
      }
      List<List<JsonNode>> expanded = new ArrayList<>();
      for (List<JsonNode> t : out) {
        if (i >= t.size()) {
          expanded.add(t);
          continue;
        }
        for (JsonNode probe : planner.database().equalityProbes(collection, field, t.get(i))) {
          List<JsonNode> copy = new ArrayList<>(t);
          copy.set(i, probe);
          expanded.add(copy);
        }
      }
      out = expanded;
    }
    return out;
  }

  private static boolean noFilterBefore(List<Operation> ops, int sortAt) {
    for (int j = sortAt - 1; j >= 0 && !(ops.get(j) instanceof Operation.For); j--) {
      if (ops.get(j) instanceof Operation.Filter) {
        return false;
      }
    }
    return true;
  }

  private static IndexQuery query(
      List<JsonNode> equal,
      JsonNode[] row,
      List<Eval> lower,
      List<Boolean> lowerInclusive,
      List<Eval> upper,
      List<Boolean> upperInclusive,
      Eval prefix) {
    if (prefix != null) {
      return new IndexQuery.StringPrefix(equal, Values.toText(prefix.eval(row)));
    }
    if (lower.isEmpty() && upper.isEmpty()) {
      return new IndexQuery.Equality(equal);
    }
    JsonNode lo = null;
    boolean loInc = true;
    for (int i = 0; i < lower.size(); i++) {
      JsonNode v = lower.get(i).eval(row);
      int c = lo == null ? 1 : Values.compare(v, lo);
      if (c > 0 || (c == 0 && !lowerInclusive.get(i))) {
        lo = v;
        loInc = lowerInclusive.get(i);
      }
    }
    JsonNode hi = null;
    boolean hiInc = true;
    for (int i = 0; i < upper.size(); i++) {
      JsonNode v = upper.get(i).eval(row);
      int c = hi == null ? -1 : Values.compare(v, hi);
      if (c < 0 || (c == 0 && !upperInclusive.get(i))) {
        hi = v;
        hiInc = upperInclusive.get(i);
      }
    }
    return new IndexQuery.Range(equal, lo, loInc, hi, hiInc);
  }

  private Candidate candidate(IndexDefinition d, List<Condition> conditions) {
    List<Condition> equal = new ArrayList<>();
    Condition in = null;
    List<Condition> range = new ArrayList<>();
    for (String field : d.fields()) {
      Condition eq = find(conditions, field, BinaryOp.EQ);
      if (eq != null) {
        equal.add(eq);
        continue;
      }
      Condition inCond = in == null ? find(conditions, field, BinaryOp.IN) : null;
      if (inCond != null) {
        in = inCond;
        // an IN fixes this attribute per range, but ranges on later ones would multiply
        break;
      }
      for (Condition c : conditions) {
        if (c.path().equals(field)
            && (c.op() == BinaryOp.LT
                || c.op() == BinaryOp.LE
                || c.op() == BinaryOp.GT
                || c.op() == BinaryOp.GE)) {
          range.add(c);
        }
      }
      if (range.isEmpty()) {
        Condition like = find(conditions, field, BinaryOp.LIKE);
        if (like != null) {
          range.add(like);
        }
      }
      break;
    }
    if (equal.isEmpty() && in == null && range.isEmpty()) {
      return null;
    }
    return new Candidate(d, equal, in, range);
  }

  private static Condition find(List<Condition> conditions, String path, BinaryOp op) {
    return conditions.stream()
        .filter(c -> c.path().equals(path) && c.op() == op)
        .findFirst()
        .orElse(null);
  }

  private void conjuncts(Expr e, List<Condition> out) {
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r)) {
      if (op == BinaryOp.AND) {
        conjuncts(l, out);
        conjuncts(r, out);
        return;
      }
      String text = ExprText.of(e);
      switch (op) {
        case OR -> {
          // a == 1 OR a == 2 OR a IN [3] reads like a IN [1, 2, 3]
          List<Condition> alternatives = new ArrayList<>();
          disjuncts(e, alternatives);
          List<Expr> values = new ArrayList<>();
          if (alternatives.isEmpty() || alternatives.contains(null)) {
            return; // some alternative is not an equality or IN on an attribute
          }
          String path = alternatives.getFirst().path();
          for (Condition c : alternatives) {
            if (!c.path().equals(path)) {
              return;
            }
            values.add(
                c.op() == BinaryOp.EQ ? new Expr.ArrayLiteral(List.of(c.value())) : c.value());
          }
          out.add(new Condition(path, BinaryOp.IN, new Expr.Call("UNION", values), text));
        }
        case EQ, LT, LE, GT, GE -> {
          String lp = path(l);
          String rp = path(r);
          if (lp != null && independent(r)) {
            out.add(new Condition(lp, op, r, text));
          } else if (rp != null && independent(l)) {
            out.add(new Condition(rp, flip(op), l, text));
          }
        }
        case IN -> {
          String lp = path(l);
          if (lp != null && independent(r)) {
            out.add(new Condition(lp, op, r, text));
          }
        }
        case LIKE -> {
          String lp = path(l);
          String prefix = likePrefix(r);
          if (lp != null && prefix != null) {
            out.add(new Condition(lp, op, new Expr.Literal(Values.string(prefix)), text));
          }
        }
        default -> {}
      }
    }
  }

  /** The alternatives of an OR as equality or IN conditions; a null entry for any other. */
  private void disjuncts(Expr e, List<Condition> out) {
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r) && op == BinaryOp.OR) {
      disjuncts(l, out);
      disjuncts(r, out);
      return;
    }
    List<Condition> one = new ArrayList<>();
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r)
        && (op == BinaryOp.EQ || op == BinaryOp.IN)) {
      conjuncts(e, one);
    }
    out.add(one.size() == 1 ? one.getFirst() : null);
  }

  /** The literal before a single trailing %, when the pattern has no other wildcard. */
  private static String likePrefix(Expr pattern) {
    if (pattern instanceof Expr.Literal(JsonNode v) && v.isString()) {
      String s = v.stringValue();
      String head = s.endsWith("%") ? s.substring(0, s.length() - 1) : null;
      if (head != null
          && !head.isEmpty()
          && head.chars().noneMatch(ch -> ch == '%' || ch == '_' || ch == '\\')) {
        return head;
      }
    }
    return null;
  }

  private static BinaryOp flip(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GT;
      case LE -> BinaryOp.GE;
      case GT -> BinaryOp.LT;
      case GE -> BinaryOp.LE;
      default -> op;
    };
  }

  /** Whether the value can be computed before the loop: it reads only earlier variables. */
  boolean independent(Expr e) {
    return !AstWalk.reads(e, variable) && AstWalk.onlyReads(e, "\u0000", n -> scope.slot(n) >= 0);
  }

  /** {@code v.a.b} as "a.b" when {@code e} is an attribute path on the loop variable. */
  String path(Expr e) {
    return EncryptedAttributes.path(e, variable);
  }
}
