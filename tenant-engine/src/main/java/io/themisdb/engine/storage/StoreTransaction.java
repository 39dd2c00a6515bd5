package io.themisdb.engine.storage;

import io.themisdb.engine.ConflictException;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.TransactionTimeoutException;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.Transaction;

/**
 * One RocksDB transaction. Reads see the transaction's own writes on top of its snapshot (or the
 * latest data when it has none). Not thread-safe: one thread at a time, as RocksDB requires.
 */
public final class StoreTransaction implements AutoCloseable {

  /** Visits one key-value pair of a scan; answers false to stop. */
  @FunctionalInterface
  public interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  /** Receives the values of a scan; answers false to stop it. */
  public interface ValueVisitor {
    boolean visit(byte[] value);
  }

  private final Store store;
  private final Transaction txn;
  private final ReadOptions reads;
  private boolean closed;
  private final List<Cursor> cursors = new java.util.ArrayList<>();

  /** Whether anything was written: committing a read-only transaction is skipped. */
  private boolean wrote;

  StoreTransaction(Store store, Transaction txn, boolean snapshot) {
    this.store = store;
    this.txn = txn;
    this.reads = new ReadOptions();
    if (snapshot) {
      reads.setSnapshot(txn.getSnapshot());
    }
  }

  public byte[] get(Space space, byte[] key) {
    try {
      // Nothing written yet: the database read over the same snapshot is the same, and cheaper.
      return wrote ? txn.get(reads, store.handle(space), key) : store.get(space, reads, key);
    } catch (RocksDBException e) {
      throw translate("read", e);
    }
  }

  /** Values of {@code keys} in the same order, null where a key is missing; one native call. */
  public java.util.List<byte[]> multiGet(Space space, java.util.List<byte[]> keys) {
    if (keys.size() == 1) {
      // A multi-get of one key costs several times a get (a unique index lookup's document).
      return java.util.Collections.singletonList(get(space, keys.getFirst()));
    }
    try {
      return wrote
          ? txn.multiGetAsList(
              reads, java.util.Collections.nCopies(keys.size(), store.handle(space)), keys)
          : store.multiGet(space, reads, keys);
    } catch (RocksDBException e) {
      throw translate("read", e);
    }
  }

  /**
   * Reads a key and locks it until commit or rollback. With a snapshot, fails with {@link
   * ConflictException} when another transaction wrote the key after the snapshot.
   */
  public byte[] getForUpdate(Space space, byte[] key) {
    try {
      return txn.getForUpdate(reads, store.handle(space), key, true);
    } catch (RocksDBException e) {
      throw translate("read for update", e);
    }
  }

  /** {@link #getForUpdate} of many keys in one native call; values in order, null if missing. */
  public java.util.List<byte[]> multiGetForUpdate(Space space, java.util.List<byte[]> keys) {
    try {
      return txn.multiGetForUpdateAsList(
          reads, java.util.Collections.nCopies(keys.size(), store.handle(space)), keys);
    } catch (RocksDBException e) {
      throw translate("read for update", e);
    }
  }

  /** Writes a key, locking it and (with a snapshot) validating it as {@link #getForUpdate} does. */
  public void put(Space space, byte[] key, byte[] value) {
    try {
      wrote = true;
      txn.put(store.handle(space), key, value);
    } catch (RocksDBException e) {
      throw translate("write", e);
    }
  }

  /**
   * Writes a key no other transaction writes (change-log records, counters guarded by a Java lock)
   * without locking or validating it, so it cannot conflict.
   */
  public void putUntracked(Space space, byte[] key, byte[] value) {
    try {
      wrote = true;
      txn.putUntracked(store.handle(space), key, value);
    } catch (RocksDBException e) {
      throw translate("write", e);
    }
  }

  /**
   * Runs writes that this transaction never reads back, such as its change-log records right before
   * commit, without adding them to the write batch's index: they commit the same, but indexing a
   * write cost more than committing it (issue #3 insert profile). Reads through this transaction do
   * not see them, so they must be keys it neither wrote before nor reads afterwards.
   */
  public void unindexed(Runnable writes) {
    txn.disableIndexing();
    try {
      writes.run();
    } finally {
      txn.enableIndexing();
    }
  }

  public void delete(Space space, byte[] key) {
    try {
      wrote = true;
      txn.delete(store.handle(space), key);
    } catch (RocksDBException e) {
      throw translate("delete", e);
    }
  }

  public void deleteUntracked(Space space, byte[] key) {
    try {
      wrote = true;
      txn.deleteUntracked(store.handle(space), key);
    } catch (RocksDBException e) {
      throw translate("delete", e);
    }
  }

  /**
   * Visits keys in {@code [from, to)} in ascending or descending order; {@code to == null} means
   * unbounded above.
   */
  public void scan(Space space, byte[] from, byte[] to, boolean descending, Visitor visitor) {
    // Before the first write there is nothing of our own to merge in: the database's iterator over
    // the same snapshot (or the latest data) sees the same keys without the transaction's merging
    // iterator on top (a full-scan query spent most of its time in next()).
    try (RocksIterator it =
        wrote ? txn.getIterator(reads, store.handle(space)) : store.iterator(space, reads)) {
      if (descending) {
        if (to == null) {
          it.seekToLast();
        } else {
          it.seekForPrev(to);
          if (it.isValid() && Arrays.equals(it.key(), to)) {
            it.prev();
          }
        }
        for (; it.isValid(); it.prev()) {
          byte[] key = it.key();
          if (Arrays.compareUnsigned(key, from) < 0 || !visitor.visit(key, it.value())) {
            break;
          }
        }
      } else {
        it.seek(from);
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          if ((to != null && Arrays.compareUnsigned(key, to) >= 0)
              || !visitor.visit(key, it.value())) {
            break;
          }
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw translate("scan", e);
    }
  }

  /**
   * Visits the values of the keys in {@code [from, to)} ascending, without reading the keys: for
   * scans whose values name their own key (documents), that saves a native call and a copy per
   * entry (issue #4: a full scan is bound by its per-entry native calls). Before the transaction's
   * first write RocksDB bounds the iterator itself; after it, the bounds are checked on the keys.
   */
  public void scanValues(Space space, byte[] from, byte[] to, ValueVisitor visitor) {
    if (wrote || to == null) {
      scan(space, from, to, false, (k, v) -> visitor.visit(v));
      return;
    }
    try (Slice bound = new Slice(to);
        ReadOptions bounded = new ReadOptions(reads).setIterateUpperBound(bound);
        RocksIterator it = store.iterator(space, bounded)) {
      for (it.seek(from); it.isValid(); it.next()) {
        if (!visitor.visit(it.value())) {
          break;
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw translate("scan", e);
    }
  }

  /**
   * An iterator kept open for many forward scans of one space (a traversal seeks it once per vertex
   * instead of opening an iterator each time). Closed with the transaction at the latest.
   */
  public final class Cursor implements AutoCloseable {
    private final Space space;
    private RocksIterator it;
    private boolean open = true;

    /**
     * Whether {@link #it} reads committed data only: while the transaction has written nothing that
     * is all it can see, and such an iterator skips merging the transaction's own writes.
     */
    private boolean committedOnly;

    private Cursor(Space space) {
      this.space = space;
      committedOnly = !wrote;
      it =
          committedOnly
              ? store.iterator(space, reads)
              : txn.getIterator(reads, store.handle(space));
    }

    /** Visits keys in {@code [from, to)} ascending; {@code to == null}: unbounded above. */
    public void scan(byte[] from, byte[] to, Visitor visitor) {
      if (!open) {
        throw new IllegalStateException("cursor closed");
      }
      if (committedOnly && wrote) {
        it.close();
        it = txn.getIterator(reads, store.handle(space));
        committedOnly = false;
      }
      try {
        it.seek(from);
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          if ((to != null && Arrays.compareUnsigned(key, to) >= 0)
              || !visitor.visit(key, it.value())) {
            break;
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw translate("scan", e);
      }
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        it.close();
        cursors.remove(this);
      }
    }
  }

  public Cursor cursor(Space space) {
    Cursor c = new Cursor(space);
    cursors.add(c);
    return c;
  }

  public void commit() {
    if (!wrote) {
      // Nothing to make durable or visible; RocksDB would still queue an empty batch through its
      // write path (measured: a single get paid more for its commit than for the read).
      return;
    }
    try {
      txn.commit();
    } catch (RocksDBException e) {
      throw translate("commit", e);
    }
  }

  public void rollback() {
    try {
      txn.rollback();
    } catch (RocksDBException e) {
      throw translate("rollback", e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      // An iterator must not outlive the transaction whose writes it reads.
      for (Cursor c : List.copyOf(cursors)) {
        c.close();
      }
      txn.close();
      reads.close();
    }
  }

  private static RuntimeException translate(String what, RocksDBException e) {
    Status.Code code = e.getStatus() == null ? Status.Code.Undefined : e.getStatus().getCode();
    return switch (code) {
      // Busy: the key changed after our snapshot. TimedOut: another transaction held its lock
      // for longer than the lock timeout. TryAgain: the snapshot is too old to validate against.
      // Deadlock detection also reports Busy.
      case Busy, TimedOut, TryAgain ->
          new ConflictException(
              "write-write conflict during " + what + " (" + e.getMessage() + "); retry", e);
      case Expired -> new TransactionTimeoutException("transaction expired during " + what, e);
      default -> new StorageException(what + " failed: " + e.getMessage(), e);
    };
  }
}
