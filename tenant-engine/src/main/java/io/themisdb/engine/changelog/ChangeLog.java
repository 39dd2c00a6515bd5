package io.themisdb.engine.changelog;

import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.io.ByteArrayOutputStream;
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

  /** Reads the last sequence from the metadata (it survives trimming every record). */
  public static ChangeLog load(StoreTransaction txn) {
    byte[] last = txn.get(Space.METADATA, LAST_SEQUENCE);
    return new ChangeLog(last == null ? 0 : readLong(last, 0));
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
      // nothing reads them through the transaction between here and its commit.
      txn.unindexed(
          () -> {
            long next = lastSequence;
            for (PendingChange c : changes) {
              txn.putUntracked(Space.CHANGE_LOG, key(++next), encode(c));
            }
            txn.putUntracked(
                Space.METADATA, LAST_SEQUENCE, new KeyBuffer(8).putLong(next).toByteArray());
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

  /** Deletes records with sequence &lt; {@code beforeSequence} in {@code txn}; returns how many. */
  public int trim(StoreTransaction txn, long beforeSequence, int limit) {
    int[] deleted = {0};
    txn.scan(
        Space.CHANGE_LOG,
        key(0),
        key(Math.max(0, beforeSequence)),
        false,
        (k, v) -> {
          txn.deleteUntracked(Space.CHANGE_LOG, k);
          return ++deleted[0] < limit;
        });
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

  private static byte[] encode(PendingChange c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(c.operation().ordinal());
      out.writeUTF(c.collection());
      out.writeUTF(c.key());
      out.writeUTF(c.revision() == null ? "" : c.revision());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static ChangeRecord decode(long sequence, byte[] value) {
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
