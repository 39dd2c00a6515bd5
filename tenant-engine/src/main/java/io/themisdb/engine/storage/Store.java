package io.themisdb.engine.storage;

import io.themisdb.engine.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.TransactionOptions;
import org.rocksdb.WriteOptions;

/**
 * One tenant database directory: a pessimistic RocksDB {@link TransactionDB} with one column family
 * per {@link Space}. Pessimistic, not optimistic: with a snapshot taken at begin, every write locks
 * its key and validates it against the snapshot, so a concurrent write to the same key fails at
 * once instead of being overwritten (issue #3).
 */
public final class Store implements AutoCloseable {

  /**
   * Largest memtable per column family. The host's write buffer manager bounds all memtables of all
   * databases together and memtables grow in arena blocks, so an idle tenant does not pay for this;
   * a busy one gets large memtables, hence few level-0 files and little compaction. With 4 MiB, a
   * bulk load of random keys spent both cores on compaction and point reads searched many more
   * files (issue #3 benchmark).
   */
  private static final long WRITE_BUFFER_SIZE = 32L << 20;

  private static final long ARENA_BLOCK_SIZE = 64L << 10;

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final TransactionDBOptions txnDbOptions;
  private final TransactionDB db;
  private final List<ColumnFamilyHandle> handles;
  private final Map<Space, ColumnFamilyHandle> spaces = new EnumMap<>(Space.class);
  private final BloomFilter filter = new BloomFilter(10);
  private final ReadOptions latestReads = new ReadOptions();
  private final WriteOptions normalWrites = new WriteOptions();
  private final WriteOptions syncedWrites = new WriteOptions().setSync(true);
  private volatile boolean closed;

  private Store(Path directory, StorageResources resources) throws RocksDBException {
    this.directory = directory;
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setEnv(resources.env())
            .setWriteBufferManager(resources.writeBuffers())
            .setMaxOpenFiles(64)
            // Cheap opens, since the host opens and closes tenant databases all the time: load
            // table files on the calling thread (the default starts 16 threads per open), skip
            // reading file statistics, log to the shared Java logger instead of a LOG file.
            .setMaxFileOpeningThreads(1)
            .setSkipStatsUpdateOnDbOpen(true)
            .setLogger(resources.log())
            // No periodic statistics dumps from thousands of databases.
            .setStatsDumpPeriodSec(0)
            .setStatsPersistPeriodSec(0)
            .setMaxBackgroundJobs(2)
            // Idle databases close and reopen often (LRU eviction): keep both cheap by leaving
            // memtables in the WAL instead of flushing them to new files each time.
            .setAvoidFlushDuringShutdown(true)
            .setAvoidFlushDuringRecovery(true);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(resources.cache())
            // Index and filter blocks count against the shared cache, not unbounded heap.
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            // Every insert first looks for a document with the same key, which is nearly always
            // missing: without a filter each such lookup searches every L0 file and level.
            .setFilterPolicy(filter)
            // Point reads (gets, and an index lookup's multi-get of its documents) find their key
            // in a data block through a small hash table instead of a binary search over restart
            // points, which was a tenth of an AQL index lookup's profile (issue #4).
            .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
    cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setWriteBufferSize(WRITE_BUFFER_SIZE)
            // Memtables grow in 64 KiB blocks rather than 512 KiB (write buffer / 8): a small
            // tenant's first write to a column family would otherwise charge half a MiB to the
            // shared write buffer budget, and a few dozen open tenants would force flushes of
            // nearly empty memtables all the time.
            .setArenaBlockSize(ARENA_BLOCK_SIZE)
            // Room to keep writing while earlier memtables flush: with 2, bulk inserts stalled on
            // "2 immutable memtables" (issue #3 benchmark). The write buffer budget bounds them.
            .setMaxWriteBufferNumber(4);
    txnDbOptions = new TransactionDBOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Space s : Space.values()) {
      descriptors.add(new ColumnFamilyDescriptor(s.columnFamilyName(), cfOptions));
    }
    handles = new ArrayList<>();
    db = TransactionDB.open(dbOptions, txnDbOptions, directory.toString(), descriptors, handles);
    for (Space s : Space.values()) {
      spaces.put(s, handles.get(s.ordinal() + 1));
    }
  }

  /** Opens (creating if missing) the database in {@code directory}. */
  public static Store open(Path directory, StorageResources resources) {
    try {
      Files.createDirectories(directory);
      return new Store(directory, resources);
    } catch (RocksDBException e) {
      throw new StorageException("cannot open database at " + directory + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Begins a transaction.
   *
   * @param snapshot take the snapshot now: reads see the database as of begin and a write to a key
   *     that changed since fails with a conflict (explicit transactions). Without it, reads see the
   *     latest data and locks alone serialize writers (single operations).
   * @param lockTimeoutMillis how long a write waits for another transaction's lock
   * @param expirationMillis after this the transaction's locks may be taken by others; &lt;= 0 for
   *     none
   */
  public StoreTransaction begin(
      boolean snapshot, boolean sync, long lockTimeoutMillis, long expirationMillis) {
    checkOpen();
    try (TransactionOptions options =
        new TransactionOptions()
            .setSetSnapshot(snapshot)
            .setDeadlockDetect(true)
            .setLockTimeout(lockTimeoutMillis)
            .setExpiration(expirationMillis > 0 ? expirationMillis : -1)) {
      return new StoreTransaction(
          this, db.beginTransaction(sync ? syncedWrites : normalWrites, options), snapshot);
    }
  }

  /**
   * Reads the latest committed value of a key outside any transaction: for single-operation reads,
   * which need no snapshot, no locks and nothing to commit.
   */
  public byte[] get(Space space, byte[] key) {
    checkOpen();
    try {
      return db.get(handle(space), latestReads, key);
    } catch (RocksDBException e) {
      throw new StorageException("read failed: " + e.getMessage(), e);
    }
  }

  /**
   * A read with the caller's options (a transaction's snapshot); see {@link #get(Space, byte[])}.
   */
  byte[] get(Space space, ReadOptions reads, byte[] key) throws RocksDBException {
    checkOpen();
    return db.get(handle(space), reads, key);
  }

  List<byte[]> multiGet(Space space, ReadOptions reads, List<byte[]> keys) throws RocksDBException {
    checkOpen();
    return db.multiGetAsList(
        reads, java.util.Collections.nCopies(keys.size(), handle(space)), keys);
  }

  RocksIterator iterator(Space space, ReadOptions reads) {
    checkOpen();
    return db.newIterator(handle(space), reads);
  }

  ColumnFamilyHandle handle(Space space) {
    return spaces.get(space);
  }

  /** Estimated bytes stored (memtables and files) for keys in {@code [from, to)}. */
  public long approximateSize(Space space, byte[] from, byte[] to) {
    checkOpen();
    try (Slice start = new Slice(from);
        Slice limit = new Slice(to)) {
      long[] sizes =
          db.getApproximateSizes(
              handle(space),
              List.of(new Range(start, limit)),
              org.rocksdb.SizeApproximationFlag.INCLUDE_FILES,
              org.rocksdb.SizeApproximationFlag.INCLUDE_MEMTABLES);
      return sizes[0];
    }
  }

  /** Writes a consistent online copy of the database to {@code target} (must not exist). */
  public void checkpoint(Path target) {
    checkOpen();
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      Files.createDirectories(target.toAbsolutePath().getParent());
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StorageException("checkpoint to " + target + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes memtables to files, for example before measuring sizes. */
  public void flush() {
    checkOpen();
    try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    } catch (RocksDBException e) {
      throw new StorageException("flush failed: " + e.getMessage(), e);
    }
  }

  /**
   * Flushes the memtables and compacts every column family down to its last level: after a bulk
   * load, reads stop searching many young files and no compaction debt competes with them.
   */
  public void compact() {
    flush();
    try {
      for (ColumnFamilyHandle h : handles) {
        db.compactRange(h);
      }
    } catch (RocksDBException e) {
      throw new StorageException("compaction failed: " + e.getMessage(), e);
    }
  }

  /** Makes every commit so far durable (fsyncs the WAL), e.g. before state derived from it. */
  public void syncWal() {
    checkOpen();
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw new StorageException("WAL sync failed: " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return directory;
  }

  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store " + directory + " is closed");
    }
  }

  /**
   * Closes handles, then the database, then the options, in that order (RocksDB requires column
   * family handles to go before the database). Idempotent. Callers must have finished every
   * transaction first.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Closing anyway: the WAL has every acknowledged SYNC write already.
    }
    db.close();
    latestReads.close();
    normalWrites.close();
    syncedWrites.close();
    txnDbOptions.close();
    cfOptions.close();
    filter.close();
    dbOptions.close();
  }

  /** Deletes a (closed) database directory and everything in it. */
  public static void destroy(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
