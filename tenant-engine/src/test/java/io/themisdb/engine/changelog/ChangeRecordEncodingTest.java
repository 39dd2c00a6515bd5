package io.themisdb.engine.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A single record is stored byte for byte as {@link DataOutputStream} wrote it before (entries of
 * older databases stay readable); groups hold their records in order.
 */
class ChangeRecordEncodingTest {

  private final Random random = new Random(11);

  @Test
  void singleRecordMatchesDataOutputStreamForAnyCharacters() throws IOException {
    String[] samples = {
      "", "docs", "k-1:2", "\u0000", "é", "\u20ac", "\ud83d\ude00", "\u07ff\u0800"
    };
    for (int i = 0; i < 2_000; i++) {
      PendingChange change = randomChange(i, i < samples.length ? samples[i] : randomString());

      byte[] encoded = ChangeLog.encode(List.of(change));

      assertThat(encoded).isEqualTo(streamEncoding(change));
      assertThat(ChangeLog.decode(i, encoded)).containsExactly(record(i, change));
    }
  }

  @Test
  void groupDecodesToConsecutiveSequences() {
    List<PendingChange> changes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      changes.add(randomChange(i, randomString()));
    }

    List<ChangeRecord> decoded = ChangeLog.decode(1_000, ChangeLog.encode(changes));

    assertThat(decoded).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(decoded.get(i)).isEqualTo(record(1_000 + i, changes.get(i)));
    }
  }

  private PendingChange randomChange(int i, String collection) {
    String revision = i % 3 == 0 ? null : randomString();
    ChangeOperation op = ChangeOperation.values()[i % ChangeOperation.values().length];
    return new PendingChange(collection, randomString(), op, revision);
  }

  private static ChangeRecord record(long sequence, PendingChange c) {
    String revision = c.revision() == null || c.revision().isEmpty() ? null : c.revision();
    return new ChangeRecord(sequence, c.collection(), c.key(), c.operation(), revision);
  }

  private String randomString() {
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
