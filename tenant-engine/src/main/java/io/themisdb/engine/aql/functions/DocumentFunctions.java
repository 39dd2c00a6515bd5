package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;

import io.themisdb.engine.aql.value.Values;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** DOCUMENT(): documents by id ("collection/key") or by collection and key. */
final class DocumentFunctions {
  private DocumentFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add(
        "DOCUMENT",
        1,
        2,
        (a, c) -> {
          if (a.size() == 1) {
            return many(a.get(0), null, c);
          }
          return many(a.get(1), Values.toText(a.get(0)), c);
        });
  }

  private static JsonNode many(JsonNode ids, String collection, FunctionContext c) {
    if (!ids.isArray()) {
      return one(ids, collection, c);
    }
    ArrayNode out = Values.array();
    for (JsonNode id : ids) {
      JsonNode d = one(id, collection, c);
      if (!d.isNull()) {
        out.add(d);
      }
    }
    return out;
  }

  private static JsonNode one(JsonNode id, String collection, FunctionContext c) {
    if (id.isObject() && id.has("_id")) {
      id = id.get("_id");
    }
    if (!id.isString()) {
      return NULL;
    }
    String s = id.stringValue();
    String coll = collection;
    String key = s;
    int slash = s.indexOf('/');
    if (slash > 0) {
      coll = s.substring(0, slash);
      key = s.substring(slash + 1);
    }
    if (coll == null || key.isEmpty()) {
      return NULL;
    }
    try {
      return c.document(coll, key).map(d -> (JsonNode) d).orElse(NULL);
    } catch (io.themisdb.engine.InvalidDocumentException e) {
      // an invalid document key names no document
      return NULL;
    }
  }
}
