package io.themisdb.encryption.keyring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Binary form of the key-version list, stored in the clear and authenticated by the keysets. */
final class KeyVersionCodec {

  private static final int FORMAT = 1;

  private KeyVersionCodec() {}

  static byte[] encode(List<KeyVersion> versions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeInt(versions.size());
      for (KeyVersion version : versions) {
        out.writeInt(version.version());
        out.writeByte(version.status().code());
        out.writeLong(version.createdAt().toEpochMilli());
        out.writeLong(version.statusSince().toEpochMilli());
        out.writeInt(version.randomizedKeyId());
        out.writeInt(version.deterministicKeyId());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<KeyVersion> decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      if (in.readInt() != FORMAT) {
        throw new IllegalArgumentException("Unknown key version format");
      }
      int count = in.readInt();
      if (count < 1 || count > 100_000) {
        throw new IllegalArgumentException("Implausible key version count " + count);
      }
      List<KeyVersion> versions = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        versions.add(
            new KeyVersion(
                in.readInt(),
                KeyVersionStatus.ofCode(in.readByte()),
                Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()),
                in.readInt(),
                in.readInt()));
      }
      return versions;
    } catch (IOException e) {
      throw new IllegalArgumentException("Truncated key version metadata", e);
    }
  }
}
