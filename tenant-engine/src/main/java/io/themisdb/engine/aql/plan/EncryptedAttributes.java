package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.crypto.EncryptionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What a query may do with the encrypted attributes of a collection it loops over: read them,
 * compare them with {@code ==}, {@code !=}, {@code IN} and {@code NOT IN}, group by them. Ranges,
 * pattern matches, SORT, arithmetic and function calls on them are refused before the query runs:
 * an index on ciphertext cannot serve them, and refusing them always (not only when an index is
 * used) keeps a query's meaning independent of the plan.
 */
final class EncryptedAttributes {

  private enum Use {
    COMPARED,
    RANGE,
    SORTED,
    COMPUTED
  }

  private final EncryptionPolicy policy;
  private final String variable;
  private final String collection;

  private EncryptedAttributes(EncryptionPolicy policy, String variable, String collection) {
    this.policy = policy;
    this.variable = variable;
    this.collection = collection;
  }

  /**
   * Checks the operations after {@code FOR variable IN collection} (at {@code forIndex}).
   *
   * @throws AqlSemanticException of kind {@code ENCRYPTED_ATTRIBUTE} on a refused use
   */
  static void check(
      EncryptionPolicy policy,
      String variable,
      String collection,
      List<Operation> ops,
      int forIndex) {
    new EncryptedAttributes(policy, variable, collection).operations(ops, forIndex + 1);
  }

  private void operations(List<Operation> ops, int from) {
    for (int i = from; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (op instanceof Operation.For f && f.variable().equals(variable)
          || op instanceof Operation.Let l && l.variable().equals(variable)) {
        visit(f(op), Use.COMPARED);
        return; // the name means something else from here on
      }
      if (op instanceof Operation.Sort s) {
        s.keys().forEach(k -> visit(k.expr(), Use.SORTED));
      } else {
        AstWalk.expressions(op).forEach(e -> visit(e, Use.COMPARED));
      }
    }
  }

  private static Expr f(Operation op) {
    return op instanceof Operation.For f ? f.source() : ((Operation.Let) op).value();
  }

  private void visit(Expr e, Use use) {
    String path = path(e, variable);
    if (path != null) {
      Optional<String> encrypted = policy.touched(path);
      if (encrypted.isPresent() && use != Use.COMPARED) {
        throw refused(path, encrypted.get(), use);
      }
      return;
    }
    switch (e) {
      case Expr.Binary(Expr.BinaryOp op, Expr l, Expr r) -> {
        Use inner =
            switch (op) {
              case EQ, NE, IN, NOT_IN, AND, OR -> use;
              case LT, LE, GT, GE, LIKE, NOT_LIKE, REGEX, NOT_REGEX ->
                  use == Use.COMPARED ? Use.RANGE : use;
              default -> use == Use.COMPARED ? Use.COMPUTED : use;
            };
        visit(l, inner);
        visit(r, inner);
      }
      case Expr.Unary(Expr.UnaryOp op, Expr v) ->
          visit(v, op == Expr.UnaryOp.NOT || use != Use.COMPARED ? use : Use.COMPUTED);
      case Expr.Call c ->
          c.arguments().forEach(a -> visit(a, use == Use.COMPARED ? Use.COMPUTED : use));
      case Expr.Subquery(var q) -> operations(q.operations(), 0);
      default -> AstWalk.children(e).forEach(c -> visit(c, use));
    }
  }

  private AqlSemanticException refused(String path, String encrypted, Use use) {
    String what =
        switch (use) {
          case RANGE -> "compared by order or pattern";
          case SORTED -> "sorted by";
          default -> "passed to a function or operator";
        };
    return new AqlSemanticException(
        AqlSemanticException.Kind.ENCRYPTED_ATTRIBUTE,
        variable
            + "."
            + path
            + " cannot be "
            + what
            + ": attribute '"
            + encrypted
            + "' of collection '"
            + collection
            + "' is encrypted; only ==, !=, IN and NOT IN work on it");
  }

  /** {@code v.a.b} as "a.b" when {@code e} is an attribute path on {@code variable}, else null. */
  static String path(Expr e, String variable) {
    List<String> names = new ArrayList<>();
    Expr cur = e;
    while (true) {
      if (cur instanceof Expr.Attribute(Expr o, String n)) {
        names.addFirst(n);
        cur = o;
      } else if (cur instanceof Expr.Index(Expr o, Expr.Literal(JsonNode k)) && k.isString()) {
        names.addFirst(k.stringValue());
        cur = o;
      } else {
        break;
      }
    }
    if (names.isEmpty() || !(cur instanceof Expr.Name(String n)) || !n.equals(variable)) {
      return null;
    }
    if (names.stream().anyMatch(s -> s.contains("."))) {
      return null;
    }
    return names.stream().collect(Collectors.joining("."));
  }
}
