package io.themisdb.platform.auth;

import io.themisdb.platform.PlatformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals the platform's own secrets (JWT signing keys, webhook endpoint secrets) with AES-256-GCM
 * under a master key kept in {@code <data-dir>/keys/platform-master.key}, created on first start
 * with owner-only permissions. The start fails if the file is readable by group or others. Tenant
 * field keys are the encryption module's business, not this one's.
 */
@Component
public class PlatformMasterKey {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  PlatformMasterKey(PlatformSettings settings) {
    this.key = new SecretKeySpec(loadOrCreate(settings.dataDir().resolve("keys")), "AES");
  }

  /** Encrypts {@code plaintext}; {@code context} must be given again to open it. */
  public byte[] seal(byte[] plaintext, byte[] context) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
  }

  public byte[] open(byte[] sealed, byte[] context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
    cipher.updateAAD(context);
    return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }

  private byte[] loadOrCreate(Path dir) {
    Path file = dir.resolve("platform-master.key");
    try {
      if (Files.exists(file)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new IllegalStateException(
              file + " must be readable by its owner only (chmod 600), it is " + perms);
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != 32) {
          throw new IllegalStateException(file + " does not hold a 256-bit key");
        }
        return bytes;
      }
      Files.createDirectories(dir);
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      // Written under a temporary name with owner-only permissions from the start, then moved,
      // so the key is never briefly readable by others nor half-written.
      Path tmp =
          Files.createTempFile(
              dir, "master", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the master key " + file, e);
    }
  }
}
