package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;
import static io.themisdb.engine.aql.value.Values.bool;

import io.themisdb.engine.aql.value.Values;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Type checks and casts. */
final class TypeFunctions {
  private TypeFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("IS_NULL", 1, 1, (a, c) -> bool(Values.isNull(a.get(0))));
    r.add("IS_BOOL", 1, 1, (a, c) -> bool(a.get(0).isBoolean()));
    r.add("IS_NUMBER", 1, 1, (a, c) -> bool(a.get(0).isNumber()));
    r.add("IS_STRING", 1, 1, (a, c) -> bool(a.get(0).isString()));
    r.add("IS_ARRAY", 1, 1, (a, c) -> bool(a.get(0).isArray()));
    r.alias("IS_LIST", "IS_ARRAY");
    r.add("IS_OBJECT", 1, 1, (a, c) -> bool(a.get(0).isObject()));
    r.alias("IS_DOCUMENT", "IS_OBJECT");
    r.add("TYPENAME", 1, 1, (a, c) -> Values.string(Values.typeName(a.get(0))));
    r.add("TO_BOOL", 1, 1, (a, c) -> bool(Values.truthy(a.get(0))));
    r.add("TO_NUMBER", 1, 1, (a, c) -> Values.toNumber(a.get(0)));
    r.add("TO_STRING", 1, 1, (a, c) -> Values.string(Values.toText(a.get(0))));
    r.add("TO_ARRAY", 1, 1, (a, c) -> toArray(a.get(0)));
    r.alias("TO_LIST", "TO_ARRAY");
    r.add(
        "NOT_NULL",
        1,
        -1,
        (a, c) -> {
          for (JsonNode v : a) {
            if (!Values.isNull(v)) {
              return v;
            }
          }
          return NULL;
        });
    r.add(
        "FIRST_LIST",
        1,
        -1,
        (a, c) -> a.stream().filter(JsonNode::isArray).findFirst().orElse(NULL));
    r.add(
        "FIRST_DOCUMENT",
        1,
        -1,
        (a, c) -> a.stream().filter(JsonNode::isObject).findFirst().orElse(NULL));
  }

  static ArrayNode toArray(JsonNode v) {
    if (v.isArray()) {
      return (ArrayNode) v;
    }
    ArrayNode out = Values.array();
    if (Values.isNull(v)) {
      return out;
    }
    if (v.isObject()) {
      v.values().forEach(out::add);
      return out;
    }
    return out.add(v);
  }
}
