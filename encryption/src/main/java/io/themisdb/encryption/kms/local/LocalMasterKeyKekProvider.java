package io.themisdb.encryption.kms.local;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.themisdb.encryption.files.OwnerOnlyFiles;
import io.themisdb.encryption.kms.KekProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * KEKs from a master key file: a Tink AES256_GCM keyset in cleartext, the one place where key
 * material lives unwrapped, so the file must be readable by its owner only. Each key in the keyset
 * is one KEK version; its id is {@code local-<tink key id>}. Rotation adds a version, retirement
 * deletes one. One KEK serves every tenant.
 */
public final class LocalMasterKeyKekProvider implements KekProvider {

  private static final String ID_PREFIX = "local-";

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path masterKeyFile;
  private KeysetHandle masterKeyset;
  private boolean closed;

  private LocalMasterKeyKekProvider(Path masterKeyFile, KeysetHandle masterKeyset) {
    this.masterKeyFile = masterKeyFile;
    this.masterKeyset = masterKeyset;
  }

  /**
   * Opens the master key file, generating it ({@code rw-------}) when it does not exist.
   *
   * @throws IllegalStateException if the file grants any access to group or others, or is not a
   *     readable master keyset
   */
  public static LocalMasterKeyKekProvider open(Path masterKeyFile) {
    try {
      if (Files.notExists(masterKeyFile)) {
        KeysetHandle generated = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        write(masterKeyFile, generated);
        return new LocalMasterKeyKekProvider(masterKeyFile, generated);
      }
      OwnerOnlyFiles.requireOwnerOnly(masterKeyFile);
      byte[] serialized = Files.readAllBytes(masterKeyFile);
      KeysetHandle keyset =
          TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get());
      return new LocalMasterKeyKekProvider(masterKeyFile, keyset);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open master key file " + masterKeyFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(masterKeyFile + " is not a valid master key file", e);
    }
  }

  @Override
  public synchronized String primaryKekId(String tenant) {
    requireOpen();
    return ID_PREFIX + Integer.toUnsignedString(masterKeyset.getPrimary().getId());
  }

  @Override
  public synchronized Aead kek(String tenant, String kekId) throws GeneralSecurityException {
    requireOpen();
    KeysetHandle.Entry entry = entry(kekId);
    // A single-key keyset, so that wrapping under a given id really uses that key.
    KeysetHandle single =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(entry.getKey()).makePrimary())
            .build();
    return single.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  @Override
  public synchronized String rotate() {
    requireOpen();
    try {
      KeysetHandle rotated =
          KeysetHandle.newBuilder(masterKeyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      write(masterKeyFile, rotated);
      masterKeyset = rotated;
      return primaryKekId(null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot rotate the master key", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write master key file " + masterKeyFile, e);
    }
  }

  @Override
  public synchronized void retire(String kekId) {
    requireOpen();
    try {
      KeysetHandle.Entry entry = entry(kekId);
      if (entry.isPrimary()) {
        throw new IllegalArgumentException("Cannot retire the primary KEK " + kekId);
      }
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(masterKeyset);
      for (int i = 0; i < builder.size(); i++) {
        if (masterKeyset.getAt(i).getId() == entry.getId()) {
          builder.deleteAt(i);
          break;
        }
      }
      KeysetHandle retired = builder.build();
      write(masterKeyFile, retired);
      masterKeyset = retired;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write master key file " + masterKeyFile, e);
    }
  }

  /** Ids of all KEK versions in the master key file, primary first. */
  public synchronized List<String> kekIds() {
    List<String> ids = new ArrayList<>();
    ids.add(primaryKekId(null));
    for (int i = 0; i < masterKeyset.size(); i++) {
      KeysetHandle.Entry entry = masterKeyset.getAt(i);
      if (!entry.isPrimary()) {
        ids.add(ID_PREFIX + Integer.toUnsignedString(entry.getId()));
      }
    }
    return ids;
  }

  public Path masterKeyFile() {
    return masterKeyFile;
  }

  @Override
  public synchronized void close() {
    closed = true;
    masterKeyset = null;
  }

  @Override
  public String toString() {
    return "LocalMasterKeyKekProvider[" + masterKeyFile + "]";
  }

  private KeysetHandle.Entry entry(String kekId) throws GeneralSecurityException {
    if (kekId != null && kekId.startsWith(ID_PREFIX)) {
      try {
        int id = Integer.parseUnsignedInt(kekId.substring(ID_PREFIX.length()));
        for (int i = 0; i < masterKeyset.size(); i++) {
          KeysetHandle.Entry entry = masterKeyset.getAt(i);
          if (entry.getId() == id && entry.getStatus().equals(KeyStatus.ENABLED)) {
            return entry;
          }
        }
      } catch (NumberFormatException malformed) {
        // reported below
      }
    }
    throw new GeneralSecurityException(
        "KEK " + kekId + " is not in master key file " + masterKeyFile + " (retired or foreign)");
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("KEK provider for " + masterKeyFile + " is closed");
    }
  }

  private static void write(Path file, KeysetHandle keyset)
      throws IOException, GeneralSecurityException {
    Path parent = file.toAbsolutePath().getParent();
    OwnerOnlyFiles.createDirectories(parent);
    OwnerOnlyFiles.writeAtomically(
        file, TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
  }
}
