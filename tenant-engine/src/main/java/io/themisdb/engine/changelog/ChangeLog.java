package io.themisdb.engine.changelog;

import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered record of committed changes of one database. Records are written into the committing
 * transaction, so they are durable exactly when the data is. Sequences are assigned and the
 * transaction committed under one lock: commits that write change records are applied in sequence
 * order, so a reader that has seen sequence n never later finds a record below n appear.
 */
public final class ChangeLog {

  private static final byte[] LAST_SEQUENCE = "changelog/last".getBytes(StandardCharsets.UTF_8);

  private final Object commitLock = new Object();
  private volatile long lastSequence;

  private ChangeLog(long lastSequence) {
    this.lastSequence = lastSequence;
  }

  /**
   * Reads the last sequence: that of the newest record, or, when trimming removed every record, the
   * one noted in the metadata then. Read in a snapshot, it is exactly the sequence of the newest
   * commit the snapshot shows, since records commit with their data.
   */
  public static ChangeLog load(StoreTransaction txn) {
    long[] newest = {0};
    txn.scan(
        Space.CHANGE_LOG,
        key(0),
        null,
        true,
        (k, v) -> {
          newest[0] = readLong(k, 0);
          return false;
        });
    byte[] trimmed = txn.get(Space.METADATA, LAST_SEQUENCE);
    return new ChangeLog(Math.max(newest[0], trimmed == null ? 0 : readLong(trimmed, 0)));
  }

  /** The sequence of the newest record; 0 before the first commit. */
  public long lastSequence() {
    return lastSequence;
  }

  /**
   * Appends {@code changes} to {@code txn} with the next sequences and commits it. Without changes,
   * just commits. Exceptions from commit propagate; no sequence is used up then.
   */
  public void commit(StoreTransaction txn, List<PendingChange> changes) {
    if (changes.isEmpty()) {
      txn.commit();
      return;
    }
    synchronized (commitLock) {
      long seq = lastSequence + changes.size();
      // Untracked: only this lock's holder writes them, so they must never conflict. Unindexed:
      // nothing reads them through the transaction between here and its commit. The records
      // carry the last sequence themselves (see load): a metadata write per commit cost an
      // extra memtable insert into another column family (issue #3 insert profile).
      txn.unindexed(
          () -> {
            long next = lastSequence;
            for (PendingChange c : changes) {
              txn.putUntracked(Space.CHANGE_LOG, key(++next), encode(c));
            }
          });
      txn.commit();
      lastSequence = seq;
    }
  }

  /** Up to {@code limit} records with sequence &gt;= {@code fromSequence}, in order. */
  public List<ChangeRecord> read(StoreTransaction txn, long fromSequence, int limit) {
    List<ChangeRecord> records = new ArrayList<>();
    if (limit <= 0) {
      return records;
    }
    txn.scan(
        Space.CHANGE_LOG,
        key(Math.max(0, fromSequence)),
        null,
        false,
        (k, v) -> {
          records.add(decode(readLong(k, 0), v));
          return records.size() < limit;
        });
    return records;
  }

  /**
   * Deletes records with sequence &lt; {@code beforeSequence} in {@code txn}; returns how many.
   * Notes the highest sequence deleted in the metadata, so that the last sequence survives trimming
   * every record; the note is read and written locked, so concurrent trims never lower it.
   */
  public int trim(StoreTransaction txn, long beforeSequence, int limit) {
    int[] deleted = {0};
    long[] highest = {0};
    txn.scan(
        Space.CHANGE_LOG,
        key(0),
        key(Math.max(0, beforeSequence)),
        false,
        (k, v) -> {
          txn.deleteUntracked(Space.CHANGE_LOG, k);
          highest[0] = readLong(k, 0);
          return ++deleted[0] < limit;
        });
    if (deleted[0] > 0) {
      byte[] noted = txn.getForUpdate(Space.METADATA, LAST_SEQUENCE);
      if (noted == null || readLong(noted, 0) < highest[0]) {
        txn.put(Space.METADATA, LAST_SEQUENCE, key(highest[0]));
      }
    }
    return deleted[0];
  }

  static byte[] key(long sequence) {
    return new KeyBuffer(8).putLong(sequence).toByteArray();
  }

  private static long readLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  /**
   * The record in {@link DataOutputStream#writeUTF} form (what {@link #decode} reads), written
   * directly: names, keys and revisions are ASCII or short, and a stream per record showed in the
   * insert profile.
   */
  static byte[] encode(PendingChange c) {
    byte[] collection = modifiedUtf8(c.collection());
    byte[] key = modifiedUtf8(c.key());
    byte[] rev = modifiedUtf8(c.revision() == null ? "" : c.revision());
    byte[] out = new byte[1 + 6 + collection.length + key.length + rev.length];
    out[0] = (byte) c.operation().ordinal();
    int at = 1;
    for (byte[] part : new byte[][] {collection, key, rev}) {
      out[at++] = (byte) (part.length >>> 8);
      out[at++] = (byte) part.length;
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** Modified UTF-8 as {@link DataOutputStream#writeUTF} writes it (at most 65,535 bytes). */
  private static byte[] modifiedUtf8(String s) {
    int length = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      length += ch >= 1 && ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
    }
    if (length > 65_535) {
      throw new IllegalArgumentException("change record field longer than 65,535 bytes");
    }
    byte[] out = new byte[length];
    int at = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 1 && ch < 0x80) {
        out[at++] = (byte) ch;
      } else if (ch < 0x800) {
        out[at++] = (byte) (0xC0 | (ch >> 6));
        out[at++] = (byte) (0x80 | (ch & 0x3F));
      } else {
        out[at++] = (byte) (0xE0 | (ch >> 12));
        out[at++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (ch & 0x3F));
      }
    }
    return out;
  }

  static ChangeRecord decode(long sequence, byte[] value) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(value))) {
      ChangeOperation op = ChangeOperation.values()[in.readByte()];
      String collection = in.readUTF();
      String key = in.readUTF();
      String rev = in.readUTF();
      return new ChangeRecord(sequence, collection, key, op, rev.isEmpty() ? null : rev);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
