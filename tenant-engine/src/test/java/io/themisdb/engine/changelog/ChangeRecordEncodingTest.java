package io.themisdb.engine.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written record encoding is byte for byte what {@link DataOutputStream} wrote before. */
class ChangeRecordEncodingTest {

  @Test
  void matchesDataOutputStreamForAnyCharacters() throws IOException {
    Random random = new Random(11);
    String[] samples = {
      "", "docs", "k-1:2", "\u0000", "é", "\u20ac", "\ud83d\ude00", "\u07ff\u0800"
    };
    for (int i = 0; i < 2_000; i++) {
      String collection = i < samples.length ? samples[i] : randomString(random);
      String key = randomString(random);
      String revision = i % 3 == 0 ? null : randomString(random);
      ChangeOperation op = ChangeOperation.values()[i % ChangeOperation.values().length];
      PendingChange change = new PendingChange(collection, key, op, revision);

      byte[] encoded = ChangeLog.encode(change);

      assertThat(encoded).isEqualTo(streamEncoding(change));
      ChangeRecord decoded = ChangeLog.decode(i, encoded);
      assertThat(decoded.collection()).isEqualTo(collection);
      assertThat(decoded.key()).isEqualTo(key);
      assertThat(decoded.operation()).isEqualTo(op);
      assertThat(decoded.revision())
          .isEqualTo(revision == null || revision.isEmpty() ? null : revision);
    }
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      s.append(
          switch (random.nextInt(4)) {
            case 0 -> (char) (32 + random.nextInt(95));
            case 1 -> (char) random.nextInt(0x80);
            case 2 -> (char) (0x80 + random.nextInt(0x780));
            default -> (char) (0x800 + random.nextInt(0xF7FF));
          });
    }
    return s.toString();
  }

  private static byte[] streamEncoding(PendingChange c) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(c.operation().ordinal());
      out.writeUTF(c.collection());
      out.writeUTF(c.key());
      out.writeUTF(c.revision() == null ? "" : c.revision());
    }
    return bytes.toByteArray();
  }
}
