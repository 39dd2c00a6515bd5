package io.themisdb.engine.crypto;

import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The encryption policies of one database, by collection id: persisted in the metadata column
 * family next to the catalog, mirrored in memory for the write and read paths. Like the catalog,
 * changes are persisted inside a schema-change transaction and published with {@link #apply} once
 * it committed.
 */
public final class EncryptionPolicies {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String POLICY = "e/";

  private final Map<Integer, EncryptionPolicy> policies = new ConcurrentHashMap<>();

  public static EncryptionPolicies load(StoreTransaction txn) {
    EncryptionPolicies loaded = new EncryptionPolicies();
    byte[] from = bytes(POLICY);
    txn.scan(
        Space.METADATA,
        from,
        KeyRanges.prefixEnd(from),
        false,
        (k, v) -> {
          JsonNode n = JSON.readTree(v);
          Map<String, FieldProtection> fields = new LinkedHashMap<>();
          n.get("fields")
              .properties()
              .forEach(
                  e -> fields.put(e.getKey(), FieldProtection.valueOf(e.getValue().asString())));
          Set<String> pending = new HashSet<>();
          n.get("pending").forEach(p -> pending.add(p.asString()));
          loaded.policies.put(
              n.get("collection").intValue(), new EncryptionPolicy(fields, pending));
          return true;
        });
    return loaded;
  }

  /** The collection's policy, null when its documents are stored in the clear. */
  public EncryptionPolicy get(int collectionId) {
    return policies.get(collectionId);
  }

  public Optional<EncryptionPolicy> find(int collectionId) {
    return Optional.ofNullable(policies.get(collectionId));
  }

  /** Persists in {@code txn}; call {@link #apply} after it committed. */
  public void save(StoreTransaction txn, int collectionId, EncryptionPolicy policy) {
    ObjectNode n = JSON.createObjectNode().put("collection", collectionId);
    ObjectNode fields = n.putObject("fields");
    policy.fields().forEach((path, protection) -> fields.put(path, protection.name()));
    var pending = n.putArray("pending");
    policy.pending().forEach(pending::add);
    txn.put(Space.METADATA, key(collectionId), JSON.writeValueAsBytes(n));
  }

  public void delete(StoreTransaction txn, int collectionId) {
    txn.delete(Space.METADATA, key(collectionId));
  }

  /** Publishes a committed change; null removes the policy. */
  public void apply(int collectionId, EncryptionPolicy policy) {
    if (policy == null) {
      policies.remove(collectionId);
    } else {
      policies.put(collectionId, policy);
    }
  }

  private static byte[] key(int collectionId) {
    return bytes(POLICY + collectionId);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
