package io.themisdb.encryption.keyring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A tenant's keyring as it is stored: both keysets encrypted under a KEK (Tink envelope), plus the
 * non-secret version metadata, which is bound to the keysets as associated data so that altering it
 * makes the keyring unreadable. This is the only form in which keys leave memory.
 *
 * @param kekId the KEK that wraps both keysets
 * @param metadata the encoded key versions
 * @param randomizedKeyset the AES256_GCM keyset, encrypted
 * @param deterministicKeyset the AES256_SIV keyset, encrypted
 */
public record SealedKeyring(
    String tenant,
    String kekId,
    byte[] metadata,
    byte[] randomizedKeyset,
    byte[] deterministicKeyset) {

  private static final int FORMAT = 1;

  public SealedKeyring {
    metadata = metadata.clone();
    randomizedKeyset = randomizedKeyset.clone();
    deterministicKeyset = deterministicKeyset.clone();
  }

  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  @Override
  public byte[] randomizedKeyset() {
    return randomizedKeyset.clone();
  }

  @Override
  public byte[] deterministicKeyset() {
    return deterministicKeyset.clone();
  }

  /** The stored form, for stores that keep opaque bytes (a file, a database column). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(kekId);
      writeBlock(out, metadata);
      writeBlock(out, randomizedKeyset);
      writeBlock(out, deterministicKeyset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()} output. The tenant comes from where the bytes were found; unsealing
   * checks it against the wrapped keysets.
   *
   * @throws IllegalArgumentException if the bytes are not a sealed keyring
   */
  public static SealedKeyring fromBytes(String tenant, byte[] stored) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("Unknown sealed keyring format " + format);
      }
      String kekId = in.readUTF();
      SealedKeyring sealed =
          new SealedKeyring(tenant, kekId, readBlock(in), readBlock(in), readBlock(in));
      if (in.read() != -1) {
        throw new IllegalArgumentException("Trailing bytes after sealed keyring of " + tenant);
      }
      return sealed;
    } catch (IOException e) {
      throw new IllegalArgumentException("Truncated sealed keyring of tenant " + tenant, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedKeyring that
        && tenant.equals(that.tenant)
        && kekId.equals(that.kekId)
        && Arrays.equals(metadata, that.metadata)
        && Arrays.equals(randomizedKeyset, that.randomizedKeyset)
        && Arrays.equals(deterministicKeyset, that.deterministicKeyset);
  }

  @Override
  public int hashCode() {
    return 31 * tenant.hashCode() + Arrays.hashCode(randomizedKeyset);
  }

  @Override
  public String toString() {
    return "SealedKeyring[tenant=" + tenant + ", kekId=" + kekId + "]";
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 1 << 20) {
      throw new IOException("Implausible block length " + length);
    }
    byte[] block = in.readNBytes(length);
    if (block.length != length) {
      throw new IOException("Block ends after " + block.length + " of " + length + " bytes");
    }
    return block;
  }
}
