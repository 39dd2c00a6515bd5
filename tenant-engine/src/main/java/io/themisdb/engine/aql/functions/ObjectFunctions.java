package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;
import static io.themisdb.engine.aql.value.Values.bool;

import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Object (document) functions. */
final class ObjectFunctions {
  private ObjectFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("MERGE", 1, -1, (a, c) -> merge(objects(a), false));
    r.add("MERGE_RECURSIVE", 1, -1, (a, c) -> merge(objects(a), true));
    r.add("KEEP", 1, -1, (a, c) -> pick(a, true));
    r.add("UNSET", 1, -1, (a, c) -> pick(a, false));
    r.add(
        "HAS", 2, 2, (a, c) -> bool(a.get(0).isObject() && a.get(0).has(Values.toText(a.get(1)))));
    r.add(
        "ATTRIBUTES",
        1,
        3,
        (a, c) -> {
          if (!a.get(0).isObject()) {
            return NULL;
          }
          boolean removeSystem = a.size() > 1 && Values.truthy(a.get(1));
          List<String> names = new ArrayList<>();
          for (String n : a.get(0).propertyNames()) {
            if (!removeSystem || !n.startsWith("_")) {
              names.add(n);
            }
          }
          if (a.size() > 2 && Values.truthy(a.get(2))) {
            names.sort(null);
          }
          ArrayNode out = Values.array();
          names.forEach(out::add);
          return out;
        });
    r.add(
        "VALUES",
        1,
        2,
        (a, c) -> {
          if (!a.get(0).isObject()) {
            return NULL;
          }
          boolean removeSystem = a.size() > 1 && Values.truthy(a.get(1));
          ArrayNode out = Values.array();
          for (Map.Entry<String, JsonNode> e : a.get(0).properties()) {
            if (!removeSystem || !e.getKey().startsWith("_")) {
              out.add(e.getValue());
            }
          }
          return out;
        });
    r.add(
        "ZIP",
        2,
        2,
        (a, c) -> {
          JsonNode keys = a.get(0);
          JsonNode values = a.get(1);
          if (!keys.isArray() || !values.isArray() || keys.size() != values.size()) {
            return NULL;
          }
          ObjectNode out = Values.object();
          for (int i = 0; i < keys.size(); i++) {
            out.set(Values.toText(keys.get(i)), values.get(i));
          }
          return out;
        });
  }

  /** MERGE(a, b, ...) or MERGE([a, b, ...]). */
  private static List<JsonNode> objects(List<JsonNode> args) {
    return args.size() == 1 && args.get(0).isArray() ? ArrayFunctions.list(args.get(0)) : args;
  }

  static JsonNode merge(List<JsonNode> objects, boolean recursive) {
    ObjectNode out = Values.object();
    for (JsonNode o : objects) {
      if (!o.isObject()) {
        return NULL;
      }
      mergeInto(out, o, recursive);
    }
    return out;
  }

  static void mergeInto(ObjectNode target, JsonNode source, boolean recursive) {
    for (Map.Entry<String, JsonNode> e : source.properties()) {
      JsonNode existing = target.get(e.getKey());
      if (recursive && existing != null && existing.isObject() && e.getValue().isObject()) {
        ObjectNode merged = Values.copy(existing);
        mergeInto(merged, e.getValue(), true);
        target.set(e.getKey(), merged);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }

  private static JsonNode pick(List<JsonNode> a, boolean keep) {
    if (!a.get(0).isObject()) {
      return NULL;
    }
    Set<String> names = new HashSet<>();
    for (int i = 1; i < a.size(); i++) {
      for (JsonNode n : TypeFunctions.toArray(a.get(i))) {
        names.add(Values.toText(n));
      }
    }
    ObjectNode out = Values.object();
    for (Map.Entry<String, JsonNode> e : a.get(0).properties()) {
      if (names.contains(e.getKey()) == keep) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
