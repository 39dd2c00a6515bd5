package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;
import static io.themisdb.engine.aql.value.Values.bool;

import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Array functions; a non-array where an array is required gives null. */
final class ArrayFunctions {
  private ArrayFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("LENGTH", 1, 1, (a, c) -> Values.number(length(a.get(0))));
    r.alias("COUNT", "LENGTH");
    for (String agg : Statistics.OVER_ARRAYS) {
      r.add(
          agg,
          1,
          1,
          (a, c) -> a.get(0).isArray() ? Statistics.aggregate(agg, list(a.get(0))) : NULL);
    }
    r.add("FIRST", 1, 1, (a, c) -> at(a.get(0), 0));
    r.add("LAST", 1, 1, (a, c) -> at(a.get(0), a.get(0).size() - 1));
    r.add("NTH", 2, 2, (a, c) -> at(a.get(0), (int) Values.toDouble(a.get(1))));
    r.add(
        "POSITION",
        2,
        3,
        (a, c) -> {
          int i = indexOf(a.get(0), a.get(1));
          return a.size() > 2 && Values.truthy(a.get(2)) ? Values.number(i) : bool(i >= 0);
        });
    r.alias("CONTAINS_ARRAY", "POSITION");
    r.add(
        "SORTED",
        1,
        1,
        (a, c) -> {
          if (!a.get(0).isArray()) {
            return NULL;
          }
          List<JsonNode> l = list(a.get(0));
          l.sort(Values::compare);
          return Values.array().addAll(l);
        });
    r.add(
        "FLATTEN",
        1,
        2,
        (a, c) -> {
          if (!a.get(0).isArray()) {
            return NULL;
          }
          int depth = a.size() > 1 ? (int) Values.toDouble(a.get(1)) : 1;
          return flatten(a.get(0), depth, Values.array());
        });
    r.add("UNION", 1, -1, (a, c) -> union(a));
    r.add("UNION_DISTINCT", 1, -1, (a, c) -> Statistics.unique(list(union(a))));
    r.add("INTERSECTION", 1, -1, (a, c) -> intersection(a));
    r.add(
        "MINUS",
        1,
        -1,
        (a, c) -> {
          List<JsonNode> out = new ArrayList<>();
          for (JsonNode v : Statistics.unique(list(a.get(0)))) {
            boolean elsewhere = false;
            for (int i = 1; i < a.size() && !elsewhere; i++) {
              elsewhere = indexOf(a.get(i), v) >= 0;
            }
            if (!elsewhere) {
              out.add(v);
            }
          }
          return Values.array().addAll(out);
        });
    r.add(
        "PUSH",
        2,
        3,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          boolean unique = a.size() > 2 && Values.truthy(a.get(2));
          return unique && indexOf(out, a.get(1)) >= 0 ? out : out.add(a.get(1));
        });
    r.add(
        "APPEND",
        2,
        3,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          boolean unique = a.size() > 2 && Values.truthy(a.get(2));
          for (JsonNode v : TypeFunctions.toArray(a.get(1))) {
            if (!unique || indexOf(out, v) < 0) {
              out.add(v);
            }
          }
          return out;
        });
    r.add(
        "UNSHIFT",
        2,
        3,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          boolean unique = a.size() > 2 && Values.truthy(a.get(2));
          return unique && indexOf(out, a.get(1)) >= 0 ? out : out.insert(0, a.get(1));
        });
    r.add(
        "POP",
        1,
        1,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          if (!out.isEmpty()) {
            out.remove(out.size() - 1);
          }
          return out;
        });
    r.add(
        "SHIFT",
        1,
        1,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          if (!out.isEmpty()) {
            out.remove(0);
          }
          return out;
        });
    r.add("SLICE", 2, 3, (a, c) -> slice(a));
    r.add(
        "REMOVE_VALUE",
        2,
        3,
        (a, c) -> {
          long limit =
              a.size() > 2 && !Values.isNull(a.get(2)) ? (long) Values.toDouble(a.get(2)) : -1;
          ArrayNode out = Values.array();
          for (JsonNode v : TypeFunctions.toArray(a.get(0))) {
            if (limit != 0 && Values.equal(v, a.get(1))) {
              limit--;
            } else {
              out.add(v);
            }
          }
          return out;
        });
    r.add(
        "REMOVE_NTH",
        2,
        2,
        (a, c) -> {
          ArrayNode out = copy(a.get(0));
          int i = (int) Values.toDouble(a.get(1));
          i = i < 0 ? out.size() + i : i;
          if (i >= 0 && i < out.size()) {
            out.remove(i);
          }
          return out;
        });
    r.add(
        "REVERSE",
        1,
        1,
        (a, c) -> {
          JsonNode v = a.get(0);
          if (v.isString()) {
            return Values.string(new StringBuilder(v.stringValue()).reverse().toString());
          }
          List<JsonNode> l = list(v);
          java.util.Collections.reverse(l);
          return v.isArray() ? Values.array().addAll(l) : NULL;
        });
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    if (array.isArray()) {
      array.values().forEach(out::add);
    }
    return out;
  }

  private static ArrayNode copy(JsonNode v) {
    return v.isArray() ? ((ArrayNode) v).deepCopy() : TypeFunctions.toArray(v).deepCopy();
  }

  static long length(JsonNode v) {
    if (Values.isNull(v)) {
      return 0;
    }
    if (v.isArray() || v.isObject()) {
      return v.size();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1 : 0;
    }
    return Values.toText(v).length();
  }

  private static JsonNode at(JsonNode array, int i) {
    if (!array.isArray()) {
      return NULL;
    }
    i = i < 0 ? array.size() + i : i;
    return i >= 0 && i < array.size() ? array.get(i) : NULL;
  }

  static int indexOf(JsonNode array, JsonNode value) {
    if (array.isArray()) {
      for (int i = 0; i < array.size(); i++) {
        if (Values.equal(array.get(i), value)) {
          return i;
        }
      }
    }
    return -1;
  }

  static ArrayNode flatten(JsonNode array, int depth, ArrayNode out) {
    for (JsonNode v : array.values()) {
      if (v.isArray() && depth > 0) {
        flatten(v, depth - 1, out);
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static ArrayNode union(List<JsonNode> arrays) {
    ArrayNode out = Values.array();
    for (JsonNode a : arrays) {
      out.addAll(TypeFunctions.toArray(a));
    }
    return out;
  }

  private static JsonNode intersection(List<JsonNode> arrays) {
    List<JsonNode> result = list(Statistics.unique(list(arrays.get(0))));
    for (int i = 1; i < arrays.size(); i++) {
      JsonNode other = arrays.get(i);
      result.removeIf(v -> indexOf(other, v) < 0);
    }
    return Values.array().addAll(result);
  }

  private static JsonNode slice(List<JsonNode> a) {
    JsonNode v = a.get(0);
    if (!v.isArray()) {
      return NULL;
    }
    int n = v.size();
    int start = (int) Values.toDouble(a.get(1));
    start = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    int end = n;
    if (a.size() > 2 && !Values.isNull(a.get(2))) {
      int len = (int) Values.toDouble(a.get(2));
      end = len < 0 ? Math.max(start, n + len) : Math.min(n, start + len);
    }
    ArrayNode out = Values.array();
    for (int i = start; i < end; i++) {
      out.add(v.get(i));
    }
    return out;
  }
}
