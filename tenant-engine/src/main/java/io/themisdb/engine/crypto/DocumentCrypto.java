package io.themisdb.engine.crypto;

import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.spi.FieldCipher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Applies a collection's {@link EncryptionPolicy} to documents of one database: {@link #seal}
 * before a document is stored, {@link #open} after it is read. An encrypted value is stored as a
 * string: {@link #MARKER} and the base64 of the cipher's output, so indexes on deterministic
 * attributes hold ciphertexts and equality lookups probe with {@link #probes}.
 *
 * <p>Plaintexts are tagged strings or JSON ({@link #plaintext}); deterministic attributes use a
 * canonical form so that values AQL calls equal encrypt equally.
 */
public final class DocumentCrypto {

  /** Starts every stored ciphertext; a control character, so ordinary text rarely starts so. */
  public static final String MARKER = "\u001eenc1:";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte STRING = 's';
  private static final byte JSON_VALUE = 'j';
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final String database;
  private final FieldCipher cipher;

  public DocumentCrypto(String database, FieldCipher cipher) {
    this.database = database;
    this.cipher = cipher;
  }

  public boolean available() {
    return cipher.available();
  }

  /**
   * Encrypts the policy's attributes of a document about to be stored. A top-level attribute is
   * replaced in {@code doc} itself, which must be the caller's own object; a nested one in a copy
   * of each object on its path, since {@code doc} may be a shallow copy of the API caller's
   * document whose nested objects the caller still holds (the insert path does not deep-copy).
   */
  public ObjectNode seal(String collection, EncryptionPolicy policy, String key, ObjectNode doc) {
    for (Map.Entry<String, FieldProtection> f : policy.fields().entrySet()) {
      Slot slot = Slot.find(doc, f.getKey());
      if (slot != null && !slot.value().isNull()) {
        Slot.copyPath(doc, f.getKey())
            .set(encrypt(collection, f.getKey(), f.getValue(), key, slot.value()));
      }
    }
    return doc;
  }

  /**
   * Decrypts the policy's attributes of a stored document, in place.
   *
   * @throws EncryptedValueException if a value does not decrypt here, or is plaintext where the
   *     policy requires ciphertext
   */
  public ObjectNode open(String collection, EncryptionPolicy policy, String key, ObjectNode doc) {
    for (Map.Entry<String, FieldProtection> f : policy.fields().entrySet()) {
      Slot slot = Slot.find(doc, f.getKey());
      if (slot == null || slot.value().isNull()) {
        continue;
      }
      byte[] ciphertext = ciphertext(slot.value());
      if (ciphertext == null) {
        if (policy.isPending(f.getKey())) {
          continue; // written before the attribute was encrypted; the pass will encrypt it
        }
        throw new EncryptedValueException(
            EncryptedValueException.Reason.TAMPERED,
            "attribute '"
                + f.getKey()
                + "' of document '"
                + collection
                + "/"
                + key
                + "' is stored in the clear although its collection encrypts it");
      }
      slot.set(decrypt(collection, f.getKey(), f.getValue(), key, ciphertext));
    }
    return doc;
  }

  /**
   * Brings a stored document's encrypted attributes up to date in place: encrypts pending plaintext
   * and re-encrypts values not under the current key version.
   *
   * @return whether anything changed
   */
  public boolean reseal(String collection, EncryptionPolicy policy, String key, ObjectNode doc) {
    boolean changed = false;
    for (Map.Entry<String, FieldProtection> f : policy.fields().entrySet()) {
      Slot slot = Slot.find(doc, f.getKey());
      if (slot == null || slot.value().isNull()) {
        continue;
      }
      byte[] ciphertext = ciphertext(slot.value());
      FieldCipher.Field field = field(collection, f.getKey());
      boolean randomized = f.getValue() == FieldProtection.RANDOMIZED;
      JsonNode plain;
      if (ciphertext == null) {
        plain = slot.value();
      } else if (cipher.isCurrent(field, randomized ? key : null, ciphertext)) {
        continue;
      } else {
        plain = decrypt(collection, f.getKey(), f.getValue(), key, ciphertext);
      }
      slot.set(encrypt(collection, f.getKey(), f.getValue(), key, plain));
      changed = true;
    }
    return changed;
  }

  /**
   * The stored values an equality lookup of {@code value} on a deterministic attribute must find:
   * its ciphertext under each key version that decrypts, and the plaintext too while the attribute
   * is pending.
   */
  public List<JsonNode> probes(
      String collection, EncryptionPolicy policy, String path, JsonNode value) {
    if (value.isNull()) {
      return List.of(value);
    }
    List<JsonNode> out = new ArrayList<>();
    for (byte[] c : cipher.deterministicProbes(field(collection, path), plaintext(value, true))) {
      out.add(stored(c));
    }
    if (policy.isPending(path)) {
      out.add(value);
    }
    return out;
  }

  /** Whether a stored value is one of this class's ciphertexts. */
  public static boolean isCiphertext(JsonNode value) {
    return value.isString() && value.stringValue().startsWith(MARKER);
  }

  private JsonNode encrypt(
      String collection, String path, FieldProtection protection, String key, JsonNode value) {
    FieldCipher.Field field = field(collection, path);
    byte[] c =
        protection == FieldProtection.RANDOMIZED
            ? cipher.encryptRandomized(field, key, plaintext(value, false))
            : cipher.encryptDeterministic(field, plaintext(value, true));
    return stored(c);
  }

  private JsonNode decrypt(
      String collection, String path, FieldProtection protection, String key, byte[] ciphertext) {
    FieldCipher.Field field = field(collection, path);
    byte[] plain =
        protection == FieldProtection.RANDOMIZED
            ? cipher.decryptRandomized(field, key, ciphertext)
            : cipher.decryptDeterministic(field, ciphertext);
    try {
      if (plain.length > 0 && plain[0] == STRING) {
        return StringNode.valueOf(new String(plain, 1, plain.length - 1, StandardCharsets.UTF_8));
      }
      if (plain.length == 0 || plain[0] != JSON_VALUE) {
        throw new EncryptedValueException(
            EncryptedValueException.Reason.TAMPERED,
            "attribute '" + path + "' of '" + collection + "' decrypted to no known value form");
      }
      return JSON.readTree(new java.io.ByteArrayInputStream(plain, 1, plain.length - 1));
    } catch (JacksonException e) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.TAMPERED,
          "attribute '" + path + "' of '" + collection + "' decrypted to no JSON value",
          e);
    }
  }

  private FieldCipher.Field field(String collection, String path) {
    return new FieldCipher.Field(database, collection, path);
  }

  private static JsonNode stored(byte[] ciphertext) {
    return StringNode.valueOf(MARKER + B64.encodeToString(ciphertext));
  }

  /** The cipher output inside a stored value; null when the value is not a ciphertext. */
  private static byte[] ciphertext(JsonNode value) {
    if (!isCiphertext(value)) {
      return null;
    }
    try {
      return B64D.decode(value.stringValue().substring(MARKER.length()));
    } catch (IllegalArgumentException e) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.TAMPERED, "an encrypted value is not valid base64");
    }
  }

  /**
   * The bytes that get encrypted: a string as a tag and its UTF-8 (the common case, without a JSON
   * round trip), anything else as a tag and its JSON; canonical JSON (sorted members, numbers in
   * shortest decimal form) for deterministic attributes, so that values AQL calls equal encrypt
   * equally.
   */
  static byte[] plaintext(JsonNode value, boolean canonical) {
    if (value.isString()) {
      byte[] utf8 = value.stringValue().getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[utf8.length + 1];
      out[0] = STRING;
      System.arraycopy(utf8, 0, out, 1, utf8.length);
      return out;
    }
    byte[] json = JSON.writeValueAsBytes(canonical ? canonicalNode(value) : value);
    byte[] out = new byte[json.length + 1];
    out[0] = JSON_VALUE;
    System.arraycopy(json, 0, out, 1, json.length);
    return out;
  }

  private static JsonNode canonicalNode(JsonNode v) {
    if (v.isNumber()) {
      java.math.BigDecimal d = v.decimalValue().stripTrailingZeros();
      return d.scale() <= 0 && d.precision() - d.scale() <= 18
          ? JSON.getNodeFactory().numberNode(d.longValueExact())
          : JSON.getNodeFactory().numberNode(d);
    }
    if (v.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      v.properties().forEach(e -> sorted.put(e.getKey(), canonicalNode(e.getValue())));
      ObjectNode o = JSON.createObjectNode();
      sorted.forEach(o::set);
      return o;
    }
    if (v.isArray()) {
      var a = JSON.createArrayNode();
      v.values().forEach(x -> a.add(canonicalNode(x)));
      return a;
    }
    return v;
  }

  /** Where the value of a dotted path lives: its parent object and name. */
  private record Slot(ObjectNode parent, String name, JsonNode value) {
    static Slot find(ObjectNode doc, String path) {
      ObjectNode parent = doc;
      int start = 0;
      while (true) {
        int dot = path.indexOf('.', start);
        String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
        JsonNode v = parent.get(name);
        if (v == null) {
          return null;
        }
        if (dot < 0) {
          return new Slot(parent, name, v);
        }
        if (!(v instanceof ObjectNode o)) {
          return null;
        }
        parent = o;
        start = dot + 1;
      }
    }

    /**
     * The slot of a path that {@link #find} found, after replacing each object below {@code doc} on
     * the way by a shallow copy, so that setting it changes no object shared with a caller.
     */
    static Slot copyPath(ObjectNode doc, String path) {
      ObjectNode parent = doc;
      int start = 0;
      for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', start)) {
        String name = path.substring(start, dot);
        ObjectNode copy = parent.objectNode().setAll((ObjectNode) parent.get(name));
        parent.set(name, copy);
        parent = copy;
        start = dot + 1;
      }
      String name = path.substring(start);
      return new Slot(parent, name, parent.get(name));
    }

    void set(JsonNode v) {
      parent.set(name, v);
    }
  }
}
