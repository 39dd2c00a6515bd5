package io.themisdb.gpu.vectorset;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.InvalidJobException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vector sets resident on the accelerator, one version per (tenant, set), under one memory
 * budget shared by all tenants. When an upload would exceed the budget, the least recently used
 * sets of any tenant are evicted; a job for an evicted set fails with {@link
 * UnknownVectorSetException} and the caller uploads again.
 *
 * <p>A running batch holds a {@link Lease}; a set replaced, dropped or evicted while leased is
 * freed when its last lease closes, so a batch never sees its vectors vanish. Deltas are applied
 * copy-on-write: the new version is built beside the old and swapped in.
 *
 * <p>Thread-safe. The host copy of each set is kept to apply deltas; the budget counts what the
 * accelerator reports ({@link ResidentVectors#bytes()}).
 */
public final class ResidentVectorSets implements AutoCloseable {

  private record Name(String tenant, String set) {}

  private static final class Entry {
    final long version;
    final VectorData data;
    final ResidentVectors resident;
    int leases;
    boolean retired;

    Entry(long version, VectorData data, ResidentVectors resident) {
      this.version = version;
      this.data = data;
      this.resident = resident;
    }
  }

  /** A pinned version of a set; close it when the batch is done. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public ResidentVectors vectors() {
      return entry.resident;
    }

    @Override
    public void close() {
      synchronized (ResidentVectorSets.this) {
        if (closed) {
          return;
        }
        closed = true;
        entry.leases--;
        freeIfUnused(entry);
      }
    }
  }

  private final Accelerator accelerator;
  private final long budgetBytes;
  private final LinkedHashMap<Name, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long residentBytes;
  private long evictions;
  private boolean closed;

  public ResidentVectorSets(Accelerator accelerator, long budgetBytes) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes must be > 0, was " + budgetBytes);
    }
    this.accelerator = accelerator;
    this.budgetBytes = budgetBytes;
  }

  /**
   * Makes {@code data} the resident version {@code key.version()} of the set, replacing any other
   * version. The arrays are copied.
   *
   * @throws InvalidJobException when the set alone exceeds the budget
   */
  public VectorSetKey upload(VectorSetKey key, VectorData data) {
    var copy = new VectorData(data.dimension(), data.ids().clone(), data.vectors().clone());
    install(new Name(key.tenant(), key.set()), key.version(), copy, -1);
    return key;
  }

  /**
   * Applies {@code delta} to the resident version, which must be {@code delta.baseVersion()}.
   *
   * @return the key of the new version
   */
  public VectorSetKey applyDelta(String tenant, String set, VectorSetDelta delta) {
    Name name = new Name(tenant, set);
    VectorData base;
    synchronized (this) {
      Entry current = current(name, delta.baseVersion());
      entries.get(name); // touch: an updated set is a used set
      base = current.data;
    }
    VectorData next = merge(base, delta);
    // Another delta may win meanwhile; install re-checks the base so versions stay a chain.
    install(name, delta.newVersion(), next, delta.baseVersion());
    return new VectorSetKey(tenant, set, delta.newVersion());
  }

  /** Removes the set; a no-op when it is not resident. */
  public synchronized void drop(String tenant, String set) {
    Entry removed = entries.remove(new Name(tenant, set));
    if (removed != null) {
      retire(removed);
    }
  }

  /**
   * Pins {@code version} of the set for a batch.
   *
   * @throws UnknownVectorSetException when the set is not resident
   * @throws VectorSetVersionException when another version is resident
   */
  public synchronized Lease lease(String tenant, String set, long version) {
    Entry entry = current(new Name(tenant, set), version);
    entry.leases++;
    return new Lease(entry);
  }

  /** The resident version of the set, if any. */
  public synchronized java.util.OptionalLong residentVersion(String tenant, String set) {
    Entry entry = entries.get(new Name(tenant, set));
    return entry == null
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(entry.version);
  }

  public synchronized long residentBytes() {
    return residentBytes;
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  public synchronized long evictions() {
    return evictions;
  }

  private Entry current(Name name, long version) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new UnknownVectorSetException(name.tenant(), name.set());
    }
    if (entry.version != version) {
      throw new VectorSetVersionException(name.tenant(), name.set(), version, entry.version);
    }
    return entry;
  }

  /** Uploads and swaps in; {@code expectedBase} >= 0 must still be the resident version. */
  private void install(Name name, long version, VectorData data, long expectedBase) {
    ResidentVectors resident = accelerator.upload(data);
    synchronized (this) {
      if (closed) {
        resident.close();
        throw new IllegalStateException("resident vector sets are closed");
      }
      if (expectedBase >= 0) {
        try {
          current(name, expectedBase);
        } catch (RuntimeException e) {
          resident.close();
          throw e;
        }
      }
      long bytes = resident.bytes();
      if (bytes > budgetBytes) {
        resident.close();
        throw new InvalidJobException(
            "vector set '"
                + name.set()
                + "' needs "
                + bytes
                + " bytes, over the whole budget of "
                + budgetBytes);
      }
      Entry previous = entries.remove(name);
      if (previous != null) {
        retire(previous);
      }
      Iterator<Map.Entry<Name, Entry>> lru = entries.entrySet().iterator();
      while (residentBytes + bytes > budgetBytes && lru.hasNext()) {
        Entry victim = lru.next().getValue();
        lru.remove();
        retire(victim);
        evictions++;
      }
      entries.put(name, new Entry(version, data, resident));
      residentBytes += bytes;
    }
  }

  private void retire(Entry entry) {
    entry.retired = true;
    residentBytes -= entry.resident.bytes();
    freeIfUnused(entry);
  }

  private void freeIfUnused(Entry entry) {
    if (entry.retired && entry.leases == 0) {
      entry.resident.close();
    }
  }

  /** Builds the next version: deletes first, then upserts replace in place or append. */
  static VectorData merge(VectorData base, VectorSetDelta delta) {
    int d = base.dimension();
    long[] upsertIds = delta.upsertIds();
    if ((long) upsertIds.length * d != delta.upsertVectors().length) {
      throw new InvalidJobException(
          "upsertVectors must hold upsertIds.length * dimension = "
              + (long) upsertIds.length * d
              + " floats, held "
              + delta.upsertVectors().length);
    }
    var deleted = new java.util.HashSet<Long>();
    for (long id : delta.deleteIds()) {
      deleted.add(id);
    }
    var upsertRow = new HashMap<Long, Integer>();
    for (int i = 0; i < upsertIds.length; i++) {
      if (upsertRow.put(upsertIds[i], i) != null) {
        throw new InvalidJobException("id " + upsertIds[i] + " is upserted twice in one delta");
      }
      if (deleted.contains(upsertIds[i])) {
        throw new InvalidJobException("id " + upsertIds[i] + " is both upserted and deleted");
      }
    }
    long[] ids = new long[base.size() + upsertIds.length];
    float[] vectors = new float[ids.length * d];
    int rows = 0;
    for (int row = 0; row < base.size(); row++) {
      long id = base.ids()[row];
      if (deleted.contains(id)) {
        continue;
      }
      Integer replacement = upsertRow.remove(id);
      ids[rows] = id;
      if (replacement == null) {
        System.arraycopy(base.vectors(), row * d, vectors, rows * d, d);
      } else {
        System.arraycopy(delta.upsertVectors(), replacement * d, vectors, rows * d, d);
      }
      rows++;
    }
    for (int i = 0; i < upsertIds.length; i++) {
      if (upsertRow.containsKey(upsertIds[i])) {
        ids[rows] = upsertIds[i];
        System.arraycopy(delta.upsertVectors(), i * d, vectors, rows * d, d);
        rows++;
      }
    }
    return new VectorData(d, Arrays.copyOf(ids, rows), Arrays.copyOf(vectors, rows * d));
  }

  /** Frees every resident set not leased now; leased ones go when their lease closes. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    entries.values().forEach(this::retire);
    entries.clear();
  }
}
