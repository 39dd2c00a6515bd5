package io.themisdb.engine.aql.exec;

import io.themisdb.engine.aql.functions.Statistics;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * COLLECT: groups the input rows by the group values and returns one row per group, ordered by the
 * group values. Without group keys there is exactly one row, even for no input.
 */
public final class CollectOperator implements Operator {

  public record Group(int slot, Eval value) {}

  public record Aggregate(int slot, String function, Eval value) {}

  /**
   * What INTO collects per row: {@code expression} when given, else an object of {@code variables}
   * (name to slot).
   */
  public record Into(int slot, Eval expression, Map<String, Integer> variables) {}

  private final Operator input;
  private final JsonNode[] outer;
  private final List<Group> groups;
  private final List<Aggregate> aggregates;
  private final Into into;
  private final int countSlot;
  private final QueryContext ctx;
  private Iterator<JsonNode[]> output;

  public CollectOperator(
      Operator input,
      JsonNode[] outer,
      List<Group> groups,
      List<Aggregate> aggregates,
      Into into,
      int countSlot,
      QueryContext ctx) {
    this.input = input;
    this.outer = outer;
    this.groups = List.copyOf(groups);
    this.aggregates = List.copyOf(aggregates);
    this.into = into;
    this.countSlot = countSlot;
    this.ctx = ctx;
  }

  private final class State {
    final List<List<JsonNode>> values = new ArrayList<>();
    final ArrayNode intoValues = Values.array();
    long count;

    State() {
      for (int i = 0; i < aggregates.size(); i++) {
        values.add(new ArrayList<>());
      }
    }
  }

  @Override
  public JsonNode[] next() {
    if (output == null) {
      output = groupAll().iterator();
    }
    return output.hasNext() ? output.next() : null;
  }

  private List<JsonNode[]> groupAll() {
    Map<List<JsonNode>, State> states = new TreeMap<>(CollectOperator::compareKeys);
    if (groups.isEmpty()) {
      states.put(List.of(), new State());
    }
    JsonNode[] row;
    while ((row = input.next()) != null) {
      ctx.checkpoint();
      List<JsonNode> key = new ArrayList<>(groups.size());
      for (Group g : groups) {
        key.add(g.value().eval(row));
      }
      State s = states.computeIfAbsent(key, k -> new State());
      s.count++;
      for (int i = 0; i < aggregates.size(); i++) {
        JsonNode v = aggregates.get(i).value().eval(row);
        ctx.hold(v, "COLLECT");
        s.values.get(i).add(v);
      }
      if (into != null) {
        JsonNode v = intoValue(row);
        ctx.hold(v, "COLLECT ... INTO");
        s.intoValues.add(v);
      }
    }
    List<JsonNode[]> out = new ArrayList<>(states.size());
    for (Map.Entry<List<JsonNode>, State> e : states.entrySet()) {
      JsonNode[] r = ctx.row(outer);
      for (int i = 0; i < groups.size(); i++) {
        r[groups.get(i).slot()] = e.getKey().get(i);
      }
      State s = e.getValue();
      for (int i = 0; i < aggregates.size(); i++) {
        Aggregate a = aggregates.get(i);
        r[a.slot()] = Statistics.aggregate(a.function(), s.values.get(i));
      }
      if (into != null) {
        r[into.slot()] = s.intoValues;
      }
      if (countSlot >= 0) {
        r[countSlot] = Values.number(s.count);
      }
      out.add(r);
    }
    return out;
  }

  private JsonNode intoValue(JsonNode[] row) {
    if (into.expression() != null) {
      return into.expression().eval(row);
    }
    ObjectNode o = Values.object();
    for (Map.Entry<String, Integer> v : into.variables().entrySet()) {
      o.set(v.getKey(), Values.orNull(row[v.getValue()]));
    }
    return o;
  }

  static int compareKeys(List<JsonNode> a, List<JsonNode> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = Values.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public void close() {
    input.close();
  }
}
