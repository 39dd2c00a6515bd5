package io.themisdb.engine.document;

import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.catalog.CollectionType;
import tools.jackson.databind.JsonNode;

/** Checks the system attributes of a document before it is written. */
public final class DocumentShape {
  public static final String KEY = "_key";
  public static final String REV = "_rev";
  public static final String ID = "_id";
  public static final String FROM = "_from";
  public static final String TO = "_to";

  private DocumentShape() {}

  /** The document must be an object; an edge needs {@code _from} and {@code _to} ids. */
  public static void check(JsonNode document, CollectionType type) {
    if (document == null || !document.isObject()) {
      throw new InvalidDocumentException("a document must be a JSON object");
    }
    JsonNode key = document.get(KEY);
    if (key != null && !key.isString()) {
      throw new InvalidDocumentException("_key must be a string");
    }
    if (type == CollectionType.EDGE) {
      checkEnd(document, FROM);
      checkEnd(document, TO);
    }
  }

  private static void checkEnd(JsonNode edge, String attribute) {
    JsonNode end = edge.get(attribute);
    if (end == null || !end.isString()) {
      throw new InvalidDocumentException(
          "an edge needs " + attribute + " as a string 'collection/key'");
    }
    String id = end.stringValue();
    int slash = id.indexOf('/');
    if (slash <= 0 || slash == id.length() - 1) {
      throw new InvalidDocumentException(
          attribute + " '" + id + "' is not a document id 'collection/key'");
    }
    DocumentKeys.validate(id.substring(slash + 1));
  }
}
