package io.themisdb.engine.aql.ast;

import io.themisdb.engine.aql.AqlBaseVisitor;
import io.themisdb.engine.aql.AqlParser;
import io.themisdb.engine.aql.AqlParser.*;
import io.themisdb.engine.aql.AqlSyntaxException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Builds the AST records from ANTLR's parse tree. */
final class AstBuilder extends AqlBaseVisitor<Object> {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private final String text;

  AstBuilder(String text) {
    this.text = text;
  }

  Query query(QueryContext ctx) {
    return operations(ctx.operation());
  }

  private Query operations(List<OperationContext> ops) {
    List<Operation> out = new ArrayList<>(ops.size());
    for (OperationContext op : ops) {
      out.add((Operation) visit(op.getChild(0)));
    }
    return new Query(out);
  }

  Expr expr(ExprContext ctx) {
    return ctx == null ? null : (Expr) visit(ctx);
  }

  private List<Expr> exprs(List<ExprContext> list) {
    List<Expr> out = new ArrayList<>(list.size());
    for (ExprContext e : list) {
      out.add(expr(e));
    }
    return out;
  }

  // ------------------------------------------------------------ operations

  @Override
  public Object visitPlainFor(PlainForContext ctx) {
    return new Operation.For(name(ctx.identifier()), expr(ctx.expr()), options(ctx.opOptions()));
  }

  @Override
  public Object visitTraversalFor(TraversalForContext ctx) {
    List<IdentifierContext> names = ctx.identifier();
    Expr min = null;
    Expr max = null;
    if (ctx.traversalDepth() != null) {
      List<DepthValueContext> depths = ctx.traversalDepth().depthValue();
      min = depth(depths.getFirst());
      max = depth(depths.getLast());
    }
    return new Operation.Traverse(
        name(names.get(0)),
        names.size() > 1 ? name(names.get(1)) : null,
        names.size() > 2 ? name(names.get(2)) : null,
        min,
        max,
        direction(ctx.graphDirection()),
        expr(ctx.expr()),
        edgeCollections(ctx.edgeCollections()),
        ctx.pruneClause() == null ? null : expr(ctx.pruneClause().expr()),
        options(ctx.opOptions()));
  }

  @Override
  public Object visitShortestPathFor(ShortestPathForContext ctx) {
    List<IdentifierContext> names = ctx.identifier();
    return new Operation.ShortestPath(
        false,
        name(names.get(0)),
        names.size() > 1 ? name(names.get(1)) : null,
        direction(ctx.graphDirection()),
        expr(ctx.expr(0)),
        expr(ctx.expr(1)),
        edgeCollections(ctx.edgeCollections()),
        options(ctx.opOptions()));
  }

  @Override
  public Object visitKShortestPathsFor(KShortestPathsForContext ctx) {
    return new Operation.ShortestPath(
        true,
        name(ctx.identifier()),
        null,
        direction(ctx.graphDirection()),
        expr(ctx.expr(0)),
        expr(ctx.expr(1)),
        edgeCollections(ctx.edgeCollections()),
        options(ctx.opOptions()));
  }

  private Expr depth(DepthValueContext ctx) {
    return ctx.BIND_PARAM() != null
        ? new Expr.BindParameter(ctx.BIND_PARAM().getText().substring(1))
        : new Expr.Literal(number(ctx.NUMBER().getSymbol()));
  }

  private static io.themisdb.engine.graph.Direction direction(GraphDirectionContext ctx) {
    return ctx == null
        ? null
        : io.themisdb.engine.graph.Direction.valueOf(
            ctx.getText().toUpperCase(java.util.Locale.ROOT));
  }

  private List<Operation.EdgeCollection> edgeCollections(EdgeCollectionsContext ctx) {
    List<Operation.EdgeCollection> out = new ArrayList<>();
    for (EdgeCollectionContext e : ctx.edgeCollection()) {
      out.add(
          new Operation.EdgeCollection(direction(e.graphDirection()), target(e.collectionRef())));
    }
    return out;
  }

  @Override
  public Object visitFilterOp(FilterOpContext ctx) {
    return new Operation.Filter(expr(ctx.expr()));
  }

  @Override
  public Object visitLetOp(LetOpContext ctx) {
    return new Operation.Let(name(ctx.identifier()), expr(ctx.expr()));
  }

  @Override
  public Object visitSortOp(SortOpContext ctx) {
    return new Operation.Sort(sortKeys(ctx.sortItem()));
  }

  private List<SortKey> sortKeys(List<SortItemContext> items) {
    List<SortKey> keys = new ArrayList<>();
    for (SortItemContext item : items) {
      boolean desc = item.direction != null && item.direction.getType() == AqlParser.DESC;
      keys.add(new SortKey(expr(item.expr()), desc));
    }
    return keys;
  }

  @Override
  public Object visitLimitOp(LimitOpContext ctx) {
    return ctx.expr().size() == 2
        ? new Operation.Limit(expr(ctx.expr(0)), expr(ctx.expr(1)))
        : new Operation.Limit(null, expr(ctx.expr(0)));
  }

  @Override
  public Object visitCollectOp(CollectOpContext ctx) {
    Expr options = options(ctx.opOptions());
    if (ctx.assignment().isEmpty()) {
      return new Operation.Collect(
          List.of(), List.of(), null, null, List.of(), name(ctx.identifier()), options);
    }
    List<Operation.Assignment> first = assignments(ctx.assignment());
    if (ctx.AGGREGATE() != null) {
      CollectIntoContext into = ctx.collectInto();
      return collect(List.of(), first, into, null, options);
    }
    CollectTailContext tail = ctx.collectTail();
    String countInto = tail.identifier() == null ? null : name(tail.identifier());
    return collect(first, assignments(tail.assignment()), tail.collectInto(), countInto, options);
  }

  private Operation.Collect collect(
      List<Operation.Assignment> groups,
      List<Operation.Assignment> aggregates,
      CollectIntoContext into,
      String countInto,
      Expr options) {
    if (into == null) {
      return new Operation.Collect(groups, aggregates, null, null, List.of(), countInto, options);
    }
    List<String> keep = new ArrayList<>();
    for (int i = 1; i < into.identifier().size(); i++) {
      keep.add(name(into.identifier(i)));
    }
    return new Operation.Collect(
        groups, aggregates, name(into.identifier(0)), expr(into.expr()), keep, countInto, options);
  }

  private List<Operation.Assignment> assignments(List<AssignmentContext> list) {
    List<Operation.Assignment> out = new ArrayList<>();
    for (AssignmentContext a : list) {
      out.add(new Operation.Assignment(name(a.identifier()), expr(a.expr())));
    }
    return out;
  }

  @Override
  public Object visitReturnOp(ReturnOpContext ctx) {
    return new Operation.Return(expr(ctx.expr()), ctx.DISTINCT() != null);
  }

  @Override
  public Object visitInsertOp(InsertOpContext ctx) {
    return new Operation.Insert(
        expr(ctx.expr()), target(ctx.collectionRef()), options(ctx.opOptions()));
  }

  @Override
  public Object visitUpdateOp(UpdateOpContext ctx) {
    return update(false, ctx.expr(), ctx.collectionRef(), ctx.opOptions());
  }

  @Override
  public Object visitReplaceOp(ReplaceOpContext ctx) {
    return update(true, ctx.expr(), ctx.collectionRef(), ctx.opOptions());
  }

  private Operation update(
      boolean replace, List<ExprContext> exprs, CollectionRefContext ref, OpOptionsContext opts) {
    Expr with = exprs.size() == 2 ? expr(exprs.get(1)) : null;
    return new Operation.Update(replace, expr(exprs.get(0)), with, target(ref), options(opts));
  }

  @Override
  public Object visitRemoveOp(RemoveOpContext ctx) {
    return new Operation.Remove(
        expr(ctx.expr()), target(ctx.collectionRef()), options(ctx.opOptions()));
  }

  @Override
  public Object visitUpsertOp(UpsertOpContext ctx) {
    return new Operation.Upsert(
        expr(ctx.expr(0)),
        expr(ctx.expr(1)),
        expr(ctx.expr(2)),
        ctx.kind.getType() == AqlParser.REPLACE,
        target(ctx.collectionRef()),
        options(ctx.opOptions()));
  }

  private Operation.Target target(CollectionRefContext ctx) {
    return ctx.BIND_COLLECTION() != null
        ? new Operation.Bound(ctx.BIND_COLLECTION().getText().substring(2))
        : new Operation.Named(name(ctx.collectionName().identifier()));
  }

  private Expr options(OpOptionsContext ctx) {
    return ctx == null ? null : (Expr) visit(ctx.objectLiteral());
  }

  // ------------------------------------------------------------ expressions

  @Override
  public Object visitPrimaryExpr(PrimaryExprContext ctx) {
    return visit(ctx.primary());
  }

  @Override
  public Object visitAttributeExpr(AttributeExprContext ctx) {
    String name = anyName(ctx.anyName());
    return postfix(ctx.expr(), o -> new Expr.Attribute(o, name));
  }

  @Override
  public Object visitBoundAttributeExpr(BoundAttributeExprContext ctx) {
    Expr key = new Expr.BindParameter(ctx.BIND_PARAM().getText().substring(1));
    return postfix(ctx.expr(), o -> new Expr.Index(o, key));
  }

  @Override
  public Object visitIndexExpr(IndexExprContext ctx) {
    Expr index = expr(ctx.expr(1));
    return postfix(ctx.expr(0), o -> new Expr.Index(o, index));
  }

  @Override
  public Object visitExpansionExpr(ExpansionExprContext ctx) {
    int depth = ctx.stars.getChildCount();
    List<ExprContext> parts = ctx.expr();
    int i = 1;
    Expr filter = null;
    Expr offset = null;
    Expr count = null;
    Expr projection = null;
    if (ctx.FILTER() != null) {
      filter = expr(parts.get(i++));
    }
    if (ctx.LIMIT() != null) {
      Expr a = expr(parts.get(i++));
      boolean two = parts.size() - i > (ctx.RETURN() != null ? 1 : 0);
      if (two) {
        offset = a;
        count = expr(parts.get(i++));
      } else {
        count = a;
      }
    }
    if (ctx.RETURN() != null) {
      projection = expr(parts.get(i));
    }
    Expr.Expansion expansion = new Expr.Expansion(null, depth, filter, offset, count, projection);
    return postfix(
        ctx.expr(0),
        o ->
            new Expr.Expansion(
                o,
                expansion.depth(),
                expansion.filter(),
                expansion.offset(),
                expansion.count(),
                expansion.projection()));
  }

  /**
   * Applies a postfix step. After {@code [*]} every further step applies to each element, as in
   * {@code users[*].address.city}; parentheses end that.
   */
  private Expr postfix(ExprContext objectCtx, java.util.function.UnaryOperator<Expr> step) {
    Expr object = expr(objectCtx);
    if (object instanceof Expr.Expansion e && !(objectCtx instanceof PrimaryExprContext)) {
      return e.andThen(step);
    }
    return step.apply(object);
  }

  @Override
  public Object visitUnaryExpr(UnaryExprContext ctx) {
    Expr.UnaryOp op =
        switch (ctx.op.getText()) {
          case "-" -> Expr.UnaryOp.MINUS;
          case "+" -> Expr.UnaryOp.PLUS;
          default -> Expr.UnaryOp.NOT;
        };
    Expr operand = expr(ctx.expr());
    if (op == Expr.UnaryOp.MINUS
        && operand instanceof Expr.Literal(JsonNode v)
        && v.isNumber()
        && !(ctx.expr() instanceof PrimaryExprContext p
            && p.primary() instanceof ParenPrimaryContext)) {
      return new Expr.Literal(negate(v));
    }
    return new Expr.Unary(op, operand);
  }

  private static JsonNode negate(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() != Long.MIN_VALUE) {
      return N.numberNode(-v.longValue());
    }
    return N.numberNode(-v.doubleValue());
  }

  @Override
  public Object visitMultiplicativeExpr(MultiplicativeExprContext ctx) {
    Expr.BinaryOp op =
        switch (ctx.op.getText()) {
          case "*" -> Expr.BinaryOp.MULTIPLY;
          case "/" -> Expr.BinaryOp.DIVIDE;
          default -> Expr.BinaryOp.MODULO;
        };
    return new Expr.Binary(op, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitAdditiveExpr(AdditiveExprContext ctx) {
    Expr.BinaryOp op = ctx.op.getText().equals("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUBTRACT;
    return new Expr.Binary(op, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitRangeExpr(RangeExprContext ctx) {
    return new Expr.Range(expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitRelationalExpr(RelationalExprContext ctx) {
    Expr.BinaryOp op =
        switch (ctx.op.getText()) {
          case "<" -> Expr.BinaryOp.LT;
          case "<=" -> Expr.BinaryOp.LE;
          case ">" -> Expr.BinaryOp.GT;
          default -> Expr.BinaryOp.GE;
        };
    return comparison(ctx.quantifier(), op, ctx.expr(0), ctx.expr(1));
  }

  @Override
  public Object visitInExpr(InExprContext ctx) {
    Expr.BinaryOp op = ctx.NOT() != null ? Expr.BinaryOp.NOT_IN : Expr.BinaryOp.IN;
    return comparison(ctx.quantifier(), op, ctx.expr(0), ctx.expr(1));
  }

  @Override
  public Object visitEqualityExpr(EqualityExprContext ctx) {
    Expr.BinaryOp op = ctx.op.getText().equals("==") ? Expr.BinaryOp.EQ : Expr.BinaryOp.NE;
    return comparison(ctx.quantifier(), op, ctx.expr(0), ctx.expr(1));
  }

  private Expr comparison(
      QuantifierContext q, Expr.BinaryOp op, ExprContext left, ExprContext right) {
    if (q == null) {
      return new Expr.Binary(op, expr(left), expr(right));
    }
    Expr.Quantifier quantifier = Expr.Quantifier.valueOf(q.getText().toUpperCase());
    return new Expr.Quantified(quantifier, op, expr(left), expr(right));
  }

  @Override
  public Object visitLikeExpr(LikeExprContext ctx) {
    Expr.BinaryOp op = ctx.NOT() != null ? Expr.BinaryOp.NOT_LIKE : Expr.BinaryOp.LIKE;
    return new Expr.Binary(op, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitRegexExpr(RegexExprContext ctx) {
    Expr.BinaryOp op =
        ctx.op.getText().equals("=~") ? Expr.BinaryOp.REGEX : Expr.BinaryOp.NOT_REGEX;
    return new Expr.Binary(op, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitAndExpr(AndExprContext ctx) {
    return new Expr.Binary(Expr.BinaryOp.AND, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitOrExpr(OrExprContext ctx) {
    return new Expr.Binary(Expr.BinaryOp.OR, expr(ctx.expr(0)), expr(ctx.expr(1)));
  }

  @Override
  public Object visitTernaryExpr(TernaryExprContext ctx) {
    List<ExprContext> parts = ctx.expr();
    return parts.size() == 3
        ? new Expr.Ternary(expr(parts.get(0)), expr(parts.get(1)), expr(parts.get(2)))
        : new Expr.Ternary(expr(parts.get(0)), null, expr(parts.get(1)));
  }

  // ------------------------------------------------------------ primaries

  @Override
  public Object visitLiteralPrimary(LiteralPrimaryContext ctx) {
    LiteralContext lit = ctx.literal();
    Token t = lit.getStart();
    return new Expr.Literal(
        switch (t.getType()) {
          case AqlParser.NUMBER -> number(t);
          case AqlParser.STRING -> N.stringNode(unquote(t));
          case AqlParser.TRUE -> N.booleanNode(true);
          case AqlParser.FALSE -> N.booleanNode(false);
          default -> N.nullNode();
        });
  }

  private JsonNode number(Token t) {
    String s = t.getText().toLowerCase();
    try {
      if (s.startsWith("0x")) {
        return N.numberNode(new BigInteger(s.substring(2), 16).longValueExact());
      }
      if (s.startsWith("0b")) {
        return N.numberNode(new BigInteger(s.substring(2), 2).longValueExact());
      }
      if (s.indexOf('.') < 0 && s.indexOf('e') < 0) {
        BigInteger b = new BigInteger(s);
        return b.bitLength() < 64 ? N.numberNode(b.longValue()) : N.numberNode(b.doubleValue());
      }
      return N.numberNode(Double.parseDouble(s));
    } catch (ArithmeticException e) {
      throw syntax(t, "number literal " + t.getText() + " is out of range");
    }
  }

  private String unquote(Token t) {
    String s = t.getText();
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 >= s.length()) {
            throw syntax(t, "incomplete \\u escape in string");
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException ex) {
            throw syntax(t, "invalid \\u escape in string");
          }
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  @Override
  public Object visitArrayPrimary(ArrayPrimaryContext ctx) {
    return new Expr.ArrayLiteral(exprs(ctx.arrayLiteral().expr()));
  }

  @Override
  public Object visitObjectPrimary(ObjectPrimaryContext ctx) {
    return visit(ctx.objectLiteral());
  }

  @Override
  public Object visitObjectLiteral(ObjectLiteralContext ctx) {
    List<Expr.ObjectLiteral.Entry> entries = new ArrayList<>();
    for (ObjectEntryContext e : ctx.objectEntry()) {
      entries.add(
          switch (e) {
            case NamedEntryContext n ->
                new Expr.ObjectLiteral.Entry(anyName(n.anyName()), null, expr(n.expr()));
            case QuotedEntryContext q ->
                new Expr.ObjectLiteral.Entry(unquote(q.STRING().getSymbol()), null, expr(q.expr()));
            case BoundEntryContext b ->
                new Expr.ObjectLiteral.Entry(
                    null,
                    new Expr.BindParameter(b.BIND_PARAM().getText().substring(1)),
                    expr(b.expr()));
            case ComputedEntryContext c ->
                new Expr.ObjectLiteral.Entry(null, expr(c.expr(0)), expr(c.expr(1)));
            case ShorthandEntryContext s -> {
              String n = name(s.identifier());
              yield new Expr.ObjectLiteral.Entry(n, null, new Expr.Name(n));
            }
            default -> throw new IllegalStateException("unexpected object entry " + e.getText());
          });
    }
    return new Expr.ObjectLiteral(entries);
  }

  @Override
  public Object visitCallPrimary(CallPrimaryContext ctx) {
    String fn = ctx.functionName().getText().toUpperCase();
    List<Expr> args = exprs(ctx.expr());
    WindowContext w = ctx.window();
    if (w == null) {
      return new Expr.Call(fn, args);
    }
    return new Expr.WindowCall(fn, args, exprs(w.expr()), sortKeys(w.sortItem()), frame(w.frame()));
  }

  private Frame frame(FrameContext ctx) {
    if (ctx == null) {
      return null;
    }
    FrameBoundContext first = ctx.frameBound(0);
    FrameBoundContext last = ctx.frameBound().size() > 1 ? ctx.frameBound(1) : null;
    if (first instanceof UnboundedFollowingContext) {
      throw syntax(first.getStart(), "a window frame cannot start at UNBOUNDED FOLLOWING");
    }
    if (last instanceof UnboundedPrecedingContext) {
      throw syntax(last.getStart(), "a window frame cannot end at UNBOUNDED PRECEDING");
    }
    Long start = bound(first);
    Long end = last == null ? Long.valueOf(0L) : bound(last);
    if (start != null && end != null && start > end) {
      throw syntax(ctx.getStart(), "a window frame must not end before it starts");
    }
    return new Frame(start, end);
  }

  private Long bound(FrameBoundContext ctx) {
    return switch (ctx) {
      case UnboundedPrecedingContext u -> null;
      case UnboundedFollowingContext u -> null;
      case CurrentRowContext c -> 0L;
      case OffsetPrecedingContext p -> -offset(p.getStart());
      case OffsetFollowingContext f -> offset(f.getStart());
      default -> throw new IllegalStateException("unexpected frame bound " + ctx.getText());
    };
  }

  private long offset(Token t) {
    if (t.getType() != AqlParser.NUMBER || !t.getText().matches("[0-9]+")) {
      throw syntax(t, "a window frame offset must be a non-negative integer literal");
    }
    return Long.parseLong(t.getText());
  }

  @Override
  public Object visitSubqueryPrimary(SubqueryPrimaryContext ctx) {
    return new Expr.Subquery(operations(ctx.subquery().operation()));
  }

  @Override
  public Object visitParenPrimary(ParenPrimaryContext ctx) {
    return expr(ctx.expr());
  }

  @Override
  public Object visitBindPrimary(BindPrimaryContext ctx) {
    return new Expr.BindParameter(ctx.BIND_PARAM().getText().substring(1));
  }

  @Override
  public Object visitBindCollectionPrimary(BindCollectionPrimaryContext ctx) {
    return new Expr.BindCollection(ctx.BIND_COLLECTION().getText().substring(2));
  }

  @Override
  public Object visitVariablePrimary(VariablePrimaryContext ctx) {
    return new Expr.Name(name(ctx.identifier()));
  }

  // ------------------------------------------------------------ names

  private static String name(IdentifierContext ctx) {
    if (ctx.QUOTED_IDENTIFIER() != null) {
      String s = ctx.getText();
      return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return ctx.getText();
  }

  private static String anyName(AnyNameContext ctx) {
    return ctx.identifier() != null ? name(ctx.identifier()) : ctx.getText();
  }

  private AqlSyntaxException syntax(Token t, String reason) {
    return QueryParser.error(text, t.getLine(), t.getCharPositionInLine(), reason);
  }
}
