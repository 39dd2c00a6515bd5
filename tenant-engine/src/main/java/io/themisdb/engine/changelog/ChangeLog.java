package io.themisdb.engine.changelog;

import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered record of committed changes of one database. Records are written into the committing
 * transaction, so they are durable exactly when the data is. Sequences are assigned and the
 * transaction committed under one lock: commits that write change records are applied in sequence
 * order, so a reader that has seen sequence n never later finds a record below n appear.
 *
 * <p>Stored entries are keyed by their first sequence. A commit of one change stores one record; a
 * commit of many stores them in groups of up to {@value #GROUP} consecutive records, one entry
 * each: a batch insert wrote one entry per document before, a JNI call and a memtable insert each
 * (issue #3 batch profile). Readers see records either way.
 */
public final class ChangeLog {

  private static final byte[] LAST_SEQUENCE = "changelog/last".getBytes(StandardCharsets.UTF_8);

  /** Most records per stored entry, which bounds an entry's size and what a read decodes. */
  static final int GROUP = 1024;

  /** First byte of a group entry; a single record starts with its operation's ordinal. */
  private static final byte GROUP_MARK = (byte) 0xFF;

  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Object commitLock = new Object();
  private final Object trimLock = new Object();
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
          newest[0] = lastOf(readLong(k, 0), v);
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
      long first = lastSequence + 1;
      // Untracked: only this lock's holder writes them, so they must never conflict. Unindexed:
      // nothing reads them through the transaction between here and its commit. The entries
      // carry the last sequence themselves (see load): a metadata write per commit cost an extra
      // memtable insert into another column family (issue #3 insert profile).
      txn.unindexed(
          () -> {
            for (int from = 0; from < changes.size(); from += GROUP) {
              List<PendingChange> part =
                  changes.subList(from, Math.min(changes.size(), from + GROUP));
              txn.putUntracked(Space.CHANGE_LOG, key(first + from), encode(part));
            }
          });
      txn.commit();
      lastSequence = first + changes.size() - 1;
    }
  }

  /** Up to {@code limit} records with sequence &gt;= {@code fromSequence}, in order. */
  public List<ChangeRecord> read(StoreTransaction txn, long fromSequence, int limit) {
    List<ChangeRecord> records = new ArrayList<>();
    if (limit <= 0) {
      return records;
    }
    long from = Math.max(0, fromSequence);
    txn.scan(
        Space.CHANGE_LOG,
        key(entryHolding(txn, from)),
        null,
        false,
        (k, v) -> {
          for (ChangeRecord r : decode(readLong(k, 0), v)) {
            if (r.sequence() >= from && records.size() < limit) {
              records.add(r);
            }
          }
          return records.size() < limit;
        });
    return records;
  }

  /**
   * Deletes records with sequence &lt; {@code beforeSequence} in {@code txn}, at most about {@code
   * limit} entries, and commits it; returns how many entries it changed (fewer than {@code limit}:
   * nothing is left to trim). A group that holds {@code beforeSequence} is stored again without its
   * older records. Notes the highest sequence deleted in the metadata, so that the last sequence
   * survives trimming every record. Trims run one at a time, so two never store the same group.
   */
  public int trim(StoreTransaction txn, long beforeSequence, int limit) {
    synchronized (trimLock) {
      long before = Math.max(0, beforeSequence);
      int[] changed = {0};
      long[] highestDeleted = {0};
      txn.scan(
          Space.CHANGE_LOG,
          key(0),
          key(before),
          false,
          (k, v) -> {
            long first = readLong(k, 0);
            long last = lastOf(first, v);
            txn.deleteUntracked(Space.CHANGE_LOG, k);
            if (last < before) {
              highestDeleted[0] = last;
            } else {
              List<PendingChange> kept = new ArrayList<>();
              for (ChangeRecord r : decode(first, v)) {
                if (r.sequence() >= before) {
                  kept.add(new PendingChange(r.collection(), r.key(), r.operation(), r.revision()));
                }
              }
              txn.putUntracked(Space.CHANGE_LOG, key(before), encode(kept));
            }
            return ++changed[0] < limit;
          });
      if (highestDeleted[0] > 0) {
        byte[] noted = txn.getForUpdate(Space.METADATA, LAST_SEQUENCE);
        if (noted == null || readLong(noted, 0) < highestDeleted[0]) {
          txn.put(Space.METADATA, LAST_SEQUENCE, key(highestDeleted[0]));
        }
      }
      txn.commit();
      return changed[0];
    }
  }

  /** The first sequence of the entry that holds {@code sequence}, or {@code sequence} if none. */
  private static long entryHolding(StoreTransaction txn, long sequence) {
    long[] first = {sequence};
    txn.scan(
        Space.CHANGE_LOG,
        key(0),
        key(sequence + 1),
        true,
        (k, v) -> {
          long start = readLong(k, 0);
          if (lastOf(start, v) >= sequence) {
            first[0] = start;
          }
          return false;
        });
    return first[0];
  }

  static byte[] key(long sequence) {
    return new KeyBuffer(8).putLong(sequence).toByteArray();
  }

  private static long readLong(byte[] b, int at) {
    return (long) BIG_ENDIAN_LONG.get(b, at);
  }

  /** The last sequence of the entry stored at {@code first}. */
  private static long lastOf(long first, byte[] value) {
    return value.length > 0 && value[0] == GROUP_MARK ? first + readCount(value) - 1 : first;
  }

  private static int readCount(byte[] value) {
    return (int) BIG_ENDIAN_INT.get(value, 1);
  }

  /**
   * An entry: one record alone as {@link DataOutputStream} writes it (operation, then collection,
   * key and revision by {@link DataOutputStream#writeUTF}), or several after {@link #GROUP_MARK}
   * and their count. Written directly: a stream per record showed in the insert profile.
   */
  static byte[] encode(List<PendingChange> changes) {
    boolean group = changes.size() > 1;
    int size = group ? 5 : 0;
    byte[][][] parts = new byte[changes.size()][][];
    for (int i = 0; i < changes.size(); i++) {
      PendingChange c = changes.get(i);
      parts[i] =
          new byte[][] {
            modifiedUtf8(c.collection()),
            modifiedUtf8(c.key()),
            modifiedUtf8(c.revision() == null ? "" : c.revision())
          };
      size += 7 + parts[i][0].length + parts[i][1].length + parts[i][2].length;
    }
    byte[] out = new byte[size];
    int at = 0;
    if (group) {
      out[at++] = GROUP_MARK;
      BIG_ENDIAN_INT.set(out, at, changes.size());
      at += Integer.BYTES;
    }
    for (int i = 0; i < changes.size(); i++) {
      out[at++] = (byte) changes.get(i).operation().ordinal();
      for (byte[] part : parts[i]) {
        out[at++] = (byte) (part.length >>> 8);
        out[at++] = (byte) part.length;
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
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

  /** The records of the entry stored at {@code first}. */
  static List<ChangeRecord> decode(long first, byte[] value) {
    boolean group = value.length > 0 && value[0] == GROUP_MARK;
    int count = group ? readCount(value) : 1;
    List<ChangeRecord> records = new ArrayList<>(count);
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(value, group ? 5 : 0, value.length))) {
      for (int i = 0; i < count; i++) {
        ChangeOperation op = ChangeOperation.values()[in.readByte()];
        String collection = in.readUTF();
        String key = in.readUTF();
        String rev = in.readUTF();
        records.add(new ChangeRecord(first + i, collection, key, op, rev.isEmpty() ? null : rev));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
