package io.themisdb.engine.aql.exec;

import io.themisdb.engine.ConflictException;
import io.themisdb.engine.DocumentMeta;
import io.themisdb.engine.DocumentNotFoundException;
import io.themisdb.engine.DuplicateKeyException;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.ScanPage;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.TransactionTimeoutException;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.document.DocumentShape;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * INSERT, UPDATE, REPLACE, REMOVE and UPSERT: one write per input row in the query's transaction,
 * setting NEW and OLD (slot -1: not used by the query).
 */
public final class Modification implements Operator {

  public enum Kind {
    INSERT,
    UPDATE,
    REPLACE,
    REMOVE,
    UPSERT
  }

  /**
   * The compiled parts: {@code subject} is the document (INSERT), the key or key document (UPDATE,
   * REPLACE, REMOVE) or the search example (UPSERT); {@code with} the changes (UPDATE, REPLACE with
   * WITH), {@code insert} and {@code with} the two branches of UPSERT, evaluated after OLD is set.
   */
  public record Spec(
      Kind kind,
      String collection,
      Eval subject,
      Eval with,
      Eval insert,
      boolean upsertReplaces,
      Eval options,
      int newSlot,
      int oldSlot,
      UpsertIndex upsertIndex) {

    public Spec(
        Kind kind,
        String collection,
        Eval subject,
        Eval with,
        Eval insert,
        boolean upsertReplaces,
        Eval options,
        int newSlot,
        int oldSlot) {
      this(
          kind, collection, subject, with, insert, upsertReplaces, options, newSlot, oldSlot, null);
    }
  }

  /**
   * An index whose attributes UPSERT's search object fixes by equality: the search reads its
   * entries for those values instead of scanning the collection.
   */
  public record UpsertIndex(String index, List<String> fields) {}

  private record Options(
      boolean ignoreErrors,
      boolean keepNull,
      boolean mergeObjects,
      boolean ignoreRevs,
      String overwriteMode) {
    static Options of(JsonNode o) {
      if (!Values.isNull(o) && !o.isObject()) {
        throw new AqlExecutionException("OPTIONS must be an object");
      }
      JsonNode obj = Values.orNull(o);
      return new Options(
          flag(obj, "ignoreErrors", false),
          flag(obj, "keepNull", true),
          flag(obj, "mergeObjects", true),
          flag(obj, "ignoreRevs", true),
          obj.has("overwriteMode") ? Values.toText(obj.get("overwriteMode")) : null);
    }

    private static boolean flag(JsonNode o, String name, boolean fallback) {
      return o.has(name) ? Values.truthy(o.get(name)) : fallback;
    }
  }

  private final Operator input;
  private final Spec spec;
  private final QueryContext ctx;

  public Modification(Operator input, Spec spec, QueryContext ctx) {
    this.input = input;
    this.spec = spec;
    this.ctx = ctx;
  }

  @Override
  public JsonNode[] next() {
    JsonNode[] row;
    while ((row = input.next()) != null) {
      ctx.checkAlive();
      Options options = Options.of(spec.options() == null ? Values.NULL : spec.options().eval(row));
      JsonNode[] out = row.clone();
      try {
        apply(out, options);
        ctx.countWrite();
        return out;
      } catch (ConflictException | TransactionTimeoutException | StorageException e) {
        throw e;
      } catch (EngineException e) {
        if (!options.ignoreErrors() || e instanceof AqlExecutionException) {
          throw e;
        }
      }
    }
    return null;
  }

  private void apply(JsonNode[] row, Options options) {
    Transaction txn = ctx.transaction();
    String c = spec.collection();
    switch (spec.kind()) {
      case INSERT -> insert(row, object(spec.subject().eval(row), "INSERT"), options);
      case REMOVE -> {
        String key = key(spec.subject().eval(row), "REMOVE");
        ObjectNode old = existing(c, key);
        txn.remove(c, key, expectedRevision(spec.subject().eval(row), options));
        set(row, spec.oldSlot(), old);
      }
      case UPDATE, REPLACE -> {
        JsonNode subject = spec.subject().eval(row);
        String key = key(subject, spec.kind().name());
        JsonNode changes = spec.with() == null ? subject : spec.with().eval(row);
        ObjectNode old = existing(c, key);
        write(
            row,
            old,
            object(changes, spec.kind().name()),
            spec.kind() == Kind.REPLACE,
            options,
            expectedRevision(subject, options));
      }
      case UPSERT -> upsert(row, options);
    }
  }

  private void insert(JsonNode[] row, ObjectNode document, Options options) {
    Transaction txn = ctx.transaction();
    String c = spec.collection();
    ObjectNode doc = withoutSystem(document, true);
    try {
      DocumentMeta meta = txn.insert(c, doc);
      set(row, spec.newSlot(), existing(c, meta.key()));
    } catch (DuplicateKeyException e) {
      String mode = options.overwriteMode();
      if (mode == null || mode.equals("conflict")) {
        throw e;
      }
      String key = doc.get(DocumentShape.KEY).stringValue();
      ObjectNode old = existing(c, key);
      if (mode.equals("ignore")) {
        set(row, spec.newSlot(), old);
        return;
      }
      write(row, old, doc, !mode.equals("update"), options, null);
    }
  }

  private void upsert(JsonNode[] row, Options options) {
    JsonNode example = spec.subject().eval(row);
    if (!example.isObject()) {
      throw new AqlExecutionException(
          "UPSERT needs an object to search for, got " + Values.typeName(example));
    }
    ObjectNode found = findFirst(spec.collection(), example);
    if (found == null) {
      insert(row, object(spec.insert().eval(row), "UPSERT ... INSERT"), options);
      return;
    }
    set(row, spec.oldSlot(), found);
    JsonNode changes = spec.with().eval(row);
    write(row, found, object(changes, "UPSERT ... UPDATE"), spec.upsertReplaces(), options, null);
  }

  private void write(
      JsonNode[] row,
      ObjectNode old,
      ObjectNode changes,
      boolean replace,
      Options options,
      String expectedRevision) {
    String c = spec.collection();
    String key = old.get(DocumentShape.KEY).stringValue();
    ObjectNode next;
    if (replace) {
      next = withoutSystem(changes, false);
    } else {
      next = withoutSystem(old, false);
      merge(next, withoutSystem(changes, false), options);
    }
    ctx.transaction().replace(c, key, next, expectedRevision);
    set(row, spec.oldSlot(), old);
    set(row, spec.newSlot(), existing(c, key));
  }

  /**
   * AQL UPDATE: nested objects merge unless mergeObjects is false; null removes with keepNull
   * false.
   */
  private static void merge(ObjectNode target, JsonNode patch, Options options) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode v = e.getValue();
      JsonNode current = target.get(e.getKey());
      if (v.isNull() && !options.keepNull()) {
        target.remove(e.getKey());
      } else if (v.isObject() && options.mergeObjects() && current != null && current.isObject()) {
        ObjectNode merged = Values.copy(current);
        merge(merged, v, options);
        target.set(e.getKey(), merged);
      } else {
        target.set(e.getKey(), v);
      }
    }
  }

  private ObjectNode findFirst(String collection, JsonNode example) {
    UpsertIndex index = spec.upsertIndex();
    if (index != null) {
      List<JsonNode> values = new java.util.ArrayList<>();
      for (String f : index.fields()) {
        values.add(Values.attribute(example, f));
      }
      for (io.themisdb.engine.index.IndexHit h :
          ctx.transaction()
              .lookup(
                  collection,
                  index.index(),
                  new io.themisdb.engine.index.IndexQuery.Equality(values),
                  false,
                  Integer.MAX_VALUE)) {
        ctx.checkpoint();
        ObjectNode d = ctx.document(collection, h.key()).orElse(null);
        if (d != null && matches(d, example)) {
          return d;
        }
      }
      return null;
    }
    String resume = null;
    do {
      ScanPage page = ctx.transaction().scan(collection, resume, 1000);
      for (ObjectNode d : page.documents()) {
        ctx.checkpoint();
        if (matches(QueryContext.withId(collection, d), example)) {
          return d;
        }
      }
      resume = page.resumeAfter();
    } while (resume != null);
    return null;
  }

  private static boolean matches(JsonNode doc, JsonNode example) {
    for (Map.Entry<String, JsonNode> e : example.properties()) {
      if (!Values.equal(Values.attribute(doc, e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private ObjectNode existing(String collection, String key) {
    return ctx.document(collection, key)
        .orElseThrow(
            () ->
                new DocumentNotFoundException(
                    "document '" + collection + "/" + key + "' not found"));
  }

  private static String key(JsonNode subject, String op) {
    JsonNode k = subject.isObject() ? subject.get(DocumentShape.KEY) : subject;
    if (k == null || !k.isString()) {
      throw new AqlExecutionException(
          op
              + " needs a document key: a string or an object with _key, got "
              + Values.typeName(subject));
    }
    String s = k.stringValue();
    int slash = s.indexOf('/');
    return slash >= 0 && !subject.isObject() ? s.substring(slash + 1) : s;
  }

  private static String expectedRevision(JsonNode subject, Options options) {
    if (options.ignoreRevs() || !subject.isObject() || !subject.has(DocumentShape.REV)) {
      return null;
    }
    return Values.toText(subject.get(DocumentShape.REV));
  }

  private static ObjectNode object(JsonNode v, String op) {
    if (!v.isObject()) {
      throw new AqlExecutionException(op + " needs an object, got " + Values.typeName(v));
    }
    return (ObjectNode) v;
  }

  /** A copy without _id and _rev (and without _key unless {@code keepKey}). */
  private static ObjectNode withoutSystem(JsonNode doc, boolean keepKey) {
    ObjectNode out = Values.copy(doc);
    out.remove(List.of(DocumentShape.ID, DocumentShape.REV));
    if (!keepKey) {
      out.remove(DocumentShape.KEY);
    }
    return out;
  }

  private static void set(JsonNode[] row, int slot, JsonNode value) {
    if (slot >= 0) {
      row[slot] = value;
    }
  }

  @Override
  public void close() {
    input.close();
  }
}
