package io.themisdb.engine.aql.ast;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** An AQL expression. The planner resolves {@link Name}s to variables or collections. */
public sealed interface Expr {

  /** A constant: number, string, boolean or null. */
  record Literal(JsonNode value) implements Expr {}

  /** A bare name: a variable in scope, or else a collection (only where one is allowed). */
  record Name(String name) implements Expr {}

  /** {@code @name}. */
  record BindParameter(String name) implements Expr {}

  /** {@code @@name}: a collection named by a bind parameter. */
  record BindCollection(String name) implements Expr {}

  /** {@code object.name}. */
  record Attribute(Expr object, String name) implements Expr {}

  /** {@code value[index]}: an array position or an attribute name computed at run time. */
  record Index(Expr value, Expr index) implements Expr {}

  /**
   * {@code array[* FILTER f LIMIT o, c RETURN p]}; {@code depth} counts the stars ({@code [**]}
   * flattens one level more). {@code filter}, {@code limit...} and {@code projection} see the
   * element as {@code CURRENT}; absent parts are null.
   */
  record Expansion(Expr array, int depth, Expr filter, Expr offset, Expr count, Expr projection)
      implements Expr {
    /** This expansion with {@code step} applied to each element's projection. */
    public Expansion andThen(java.util.function.UnaryOperator<Expr> step) {
      Expr current = projection == null ? new Name(CURRENT) : projection;
      return new Expansion(array, depth, filter, offset, count, step.apply(current));
    }
  }

  /** The name of the element inside an expansion. */
  String CURRENT = "CURRENT";

  record Unary(UnaryOp op, Expr operand) implements Expr {}

  record Binary(BinaryOp op, Expr left, Expr right) implements Expr {}

  /**
   * {@code left ANY|ALL|NONE op right}: {@code left} is an array and {@code op} compares each
   * element with {@code right}.
   */
  record Quantified(Quantifier quantifier, BinaryOp op, Expr left, Expr right) implements Expr {}

  /** {@code condition ? then : otherwise}; {@code then} null for {@code a ?: b}. */
  record Ternary(Expr condition, Expr then, Expr otherwise) implements Expr {}

  /** {@code from..to}: the integers between, both included. */
  record Range(Expr from, Expr to) implements Expr {}

  record ArrayLiteral(List<Expr> elements) implements Expr {
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** An object literal; a key is either a fixed name or an expression evaluated to a string. */
  record ObjectLiteral(List<Entry> entries) implements Expr {
    public ObjectLiteral {
      entries = List.copyOf(entries);
    }

    /** Exactly one of {@code name} and {@code computedName} is set. */
    public record Entry(String name, Expr computedName, Expr value) {}
  }

  record Call(String function, List<Expr> arguments) implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code FN(args) OVER (PARTITION BY ... ORDER BY ... ROWS ...)}. */
  record WindowCall(
      String function,
      List<Expr> arguments,
      List<Expr> partitionBy,
      List<SortKey> orderBy,
      Frame frame)
      implements Expr {
    public WindowCall {
      arguments = List.copyOf(arguments);
      partitionBy = List.copyOf(partitionBy);
      orderBy = List.copyOf(orderBy);
    }
  }

  /** A query in parentheses: its value is the array of what it returns. */
  record Subquery(Query query) implements Expr {}

  enum UnaryOp {
    NOT,
    MINUS,
    PLUS
  }

  enum BinaryOp {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    MODULO("%"),
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    IN("IN"),
    NOT_IN("NOT IN"),
    LIKE("LIKE"),
    NOT_LIKE("NOT LIKE"),
    REGEX("=~"),
    NOT_REGEX("!~"),
    AND("AND"),
    OR("OR");

    public final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }
  }

  enum Quantifier {
    ALL,
    ANY,
    NONE
  }
}
