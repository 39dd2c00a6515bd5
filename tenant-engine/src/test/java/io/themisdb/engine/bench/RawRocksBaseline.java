package io.themisdb.engine.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The baseline: plain RocksDB through JNI with default options, except for the block cache (the
 * engine's size) and a Bloom filter (as the engine's), so point reads compare like for like. It
 * keeps RocksDB's default 64 MiB write buffers; the engine uses 4 MiB ones, sized for many tenants.
 * An insert is two puts (document JSON under its key, index entry {@code n + key} → key), not
 * atomic unless batched; a get returns the stored bytes, not a decoded document.
 */
final class RawRocksBaseline implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final LRUCache cache;
  private final BloomFilter filter = new BloomFilter(10);
  private final DBOptions options;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final WriteOptions writes = new WriteOptions();

  RawRocksBaseline(Path dir, long cacheBytes) throws RocksDBException {
    cache = new LRUCache(cacheBytes);
    options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
    db =
        RocksDB.open(
            options,
            dir.toString(),
            List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(BenchData.utf8("index"), cfOptions)),
            handles);
  }

  void insert(String key, int n, byte[] json) throws RocksDBException {
    byte[] k = BenchData.utf8(key);
    db.put(handles.get(0), writes, k, json);
    db.put(handles.get(1), writes, indexKey(n, k), k);
  }

  void insertBatch(BenchData data, int from, int to) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = from; i < to; i++) {
        byte[] k = BenchData.utf8(data.keys[i]);
        batch.put(handles.get(0), k, data.json[i]);
        batch.put(handles.get(1), indexKey(data.documents[i].get("n").intValue(), k), k);
      }
      db.write(writes, batch);
    }
  }

  /** Flushes and compacts both column families, as the engine side does after loading. */
  void compact() throws RocksDBException {
    Baselines.compact(db, handles);
  }

  byte[] get(String key) throws RocksDBException {
    return db.get(handles.get(0), BenchData.utf8(key));
  }

  private static byte[] indexKey(int n, byte[] key) {
    return ByteBuffer.allocate(4 + key.length).putInt(n ^ Integer.MIN_VALUE).put(key).array();
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    writes.close();
    cfOptions.close();
    options.close();
    cache.close();
    filter.close();
  }
}
