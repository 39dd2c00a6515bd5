package io.themisdb.engine.crypto;

import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.spi.FieldCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real {@link FieldCipher} on the JDK's AES-GCM, for engine tests (the engine does not depend on
 * the encryption module): one key per version, the version in the first byte of every ciphertext,
 * the binding as associated data. Deterministic values take their nonce from an HMAC of binding and
 * plaintext (SIV-style). {@link #rotate}, {@link #disable} and {@link #shred} mimic the key
 * lifecycle.
 */
public final class TestFieldCipher implements FieldCipher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<byte[]> keys = new CopyOnWriteArrayList<>();
  private final List<Boolean> enabled = new CopyOnWriteArrayList<>();
  private volatile boolean shredded;
  private final java.util.concurrent.atomic.AtomicLong decryptions =
      new java.util.concurrent.atomic.AtomicLong();

  public TestFieldCipher() {
    rotate();
  }

  /** How many values were decrypted so far. */
  public long decryptions() {
    return decryptions.get();
  }

  /** Adds a key version that encrypts from now on; returns its number (0-based). */
  public int rotate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    keys.add(key);
    enabled.add(true);
    return keys.size() - 1;
  }

  public void disable(int version) {
    enabled.set(version, false);
  }

  public void shred() {
    shredded = true;
  }

  public int primary() {
    return keys.size() - 1;
  }

  /** The key version a stored cipher output was made with. */
  public static int versionOf(byte[] ciphertext) {
    return ciphertext[0];
  }

  @Override
  public byte[] encryptRandomized(Field field, String documentKey, byte[] plaintext) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    return seal(primary(), nonce, ad("R", field, documentKey), plaintext);
  }

  @Override
  public byte[] decryptRandomized(Field field, String documentKey, byte[] ciphertext) {
    decryptions.incrementAndGet();
    return open(ad("R", field, documentKey), ciphertext);
  }

  @Override
  public byte[] encryptDeterministic(Field field, byte[] plaintext) {
    return deterministic(primary(), field, plaintext);
  }

  @Override
  public byte[] decryptDeterministic(Field field, byte[] ciphertext) {
    decryptions.incrementAndGet();
    return open(ad("D", field, null), ciphertext);
  }

  @Override
  public List<byte[]> deterministicProbes(Field field, byte[] plaintext) {
    List<byte[]> out = new ArrayList<>();
    for (int v = primary(); v >= 0; v--) {
      if (enabled.get(v)) {
        out.add(deterministic(v, field, plaintext));
      }
    }
    return out;
  }

  @Override
  public boolean isCurrent(Field field, String documentKey, byte[] ciphertext) {
    checkKeys();
    return ciphertext[0] == primary();
  }

  private byte[] deterministic(int version, Field field, byte[] plaintext) {
    byte[] ad = ad("D", field, null);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keys.get(version), "HmacSHA256"));
      mac.update(ad);
      byte[] nonce = Arrays.copyOf(mac.doFinal(plaintext), 12);
      return seal(version, nonce, ad, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] seal(int version, byte[] nonce, byte[] ad, byte[] plaintext) {
    checkKeys();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(keys.get(version), "AES"),
          new GCMParameterSpec(128, nonce));
      c.updateAAD(ad);
      byte[] body = c.doFinal(plaintext);
      return ByteBuffer.allocate(1 + 12 + body.length)
          .put((byte) version)
          .put(nonce)
          .put(body)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] open(byte[] ad, byte[] ciphertext) {
    checkKeys();
    int version = ciphertext[0];
    if (version < 0 || version >= keys.size()) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.TAMPERED, "unknown key version " + version);
    }
    if (!enabled.get(version)) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.KEY_VERSION_UNAVAILABLE,
          "key version " + version + " is disabled");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(keys.get(version), "AES"),
          new GCMParameterSpec(128, ciphertext, 1, 12));
      c.updateAAD(ad);
      return c.doFinal(ciphertext, 13, ciphertext.length - 13);
    } catch (GeneralSecurityException e) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.TAMPERED,
          "encrypted value does not authenticate here: moved or altered");
    }
  }

  private void checkKeys() {
    if (shredded) {
      throw new EncryptedValueException(
          EncryptedValueException.Reason.KEYS_SHREDDED, "the keys were shredded");
    }
  }

  private static byte[] ad(String kind, Field f, String documentKey) {
    String s =
        kind
            + "\u0000"
            + f.database()
            + "\u0000"
            + f.collection()
            + "\u0000"
            + f.attributePath()
            + (documentKey == null ? "" : "\u0000" + documentKey);
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
