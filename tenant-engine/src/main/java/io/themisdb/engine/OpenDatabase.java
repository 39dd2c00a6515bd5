package io.themisdb.engine;

import io.themisdb.engine.catalog.Catalog;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.changelog.ChangeLog;
import io.themisdb.engine.crypto.DocumentCrypto;
import io.themisdb.engine.crypto.EncryptionPolicies;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.document.RevisionClock;
import io.themisdb.engine.graph.AdjacencyCache;
import io.themisdb.engine.graph.GraphMemory;
import io.themisdb.engine.spi.FieldCipher;
import io.themisdb.engine.storage.Store;
import io.themisdb.engine.storage.StoreTransaction;
import io.themisdb.engine.vector.VectorIndex;
import io.themisdb.engine.vector.VectorSnapshots;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant database while its RocksDB store is open: the store and the state loaded from it. The
 * host evicts it when idle; the {@link TenantDatabase} handle outlives it and reopens it.
 */
final class OpenDatabase {
  final String name;
  final Store store;
  final Catalog catalog;
  final ChangeLog changeLog;
  final RevisionClock clock = new RevisionClock();
  final EngineSettings settings;
  final EncryptionPolicies policies;
  final DocumentCrypto crypto;
  final AdjacencyCache adjacency;

  /**
   * The vector indexes' graphs, by index id: they live as long as the store is open, so that the
   * memory they take goes with an idle database (see {@link Vectors#persist}).
   */
  final Map<Integer, VectorIndex> vectorIndexes = new ConcurrentHashMap<>();

  final VectorSnapshots vectorSnapshots;

  /** Serializes schema changes (collections, indexes); documents never take it. */
  final Object schemaLock = new Object();

  private final AtomicLong transactionIds = new AtomicLong();
  private final Set<Long> activeTransactions = ConcurrentHashMap.newKeySet();

  /**
   * Leases held by running operations and transactions; -1 once the host closed (or is closing) the
   * store. Atomic so that an operation on an open database takes no host-wide lock.
   */
  private final AtomicInteger leases = new AtomicInteger();

  volatile long lastUsedNanos = System.nanoTime();

  OpenDatabase(
      String name, Store store, EngineSettings settings, FieldCipher cipher, GraphMemory graphs) {
    this.name = name;
    this.store = store;
    this.settings = settings;
    this.crypto = new DocumentCrypto(name, cipher);
    this.adjacency = new AdjacencyCache(graphs);
    try (StoreTransaction txn = store.begin(false, false, 1000, 0)) {
      this.catalog = Catalog.load(txn);
      this.changeLog = ChangeLog.load(txn);
      this.policies = EncryptionPolicies.load(txn);
      txn.rollback();
    }
    io.themisdb.engine.graph.EdgeIndex.buildMissing(store, catalog);
    this.vectorSnapshots = Vectors.snapshots(store, catalog);
  }

  /** Decrypts a stored document of {@code c} when its collection has an encryption policy. */
  ObjectNode open(CollectionInfo c, ObjectNode stored) {
    return policies.get(c.id()) == null
        ? stored
        : open(c, stored.get(DocumentShape.KEY).stringValue(), stored);
  }

  /**
   * Decrypts the encrypted attributes present in {@code decoded}, a stored document of {@code c}
   * with key {@code key} or the part of it a query reads.
   */
  ObjectNode open(CollectionInfo c, String key, ObjectNode decoded) {
    EncryptionPolicy policy = policies.get(c.id());
    return policy == null ? decoded : crypto.open(c.name(), policy, key, decoded);
  }

  /** Encrypts a document of {@code c} about to be stored when its collection has a policy. */
  ObjectNode seal(CollectionInfo c, String key, ObjectNode stored) {
    EncryptionPolicy policy = policies.get(c.id());
    return policy == null ? stored : crypto.seal(c.name(), policy, key, stored);
  }

  /** Closes the store and lets go of what was kept in memory for it. */
  void closeStorage() {
    adjacency.close();
    store.close();
  }

  /** Takes a lease unless the store is closed or closing. */
  boolean tryLease() {
    while (true) {
      int n = leases.get();
      if (n < 0) {
        return false;
      }
      if (leases.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void endLease() {
    lastUsedNanos = System.nanoTime();
    leases.decrementAndGet();
  }

  /** Ends a lease the host took for its own work, which is no use of the database. */
  void endHousekeepingLease() {
    leases.decrementAndGet();
  }

  /** Marks the store closing if nobody holds a lease; then no lease can be taken any more. */
  boolean tryClose() {
    return leases.compareAndSet(0, -1);
  }

  long registerTransaction() {
    long id = transactionIds.incrementAndGet();
    activeTransactions.add(id);
    return id;
  }

  void unregisterTransaction(long id) {
    activeTransactions.remove(id);
  }

  /** Whether no transaction (single-operation ones included) is running now. */
  boolean noTransactionRunning() {
    return activeTransactions.isEmpty();
  }

  /**
   * Waits until every transaction that began before now has ended; an index build calls it so that
   * writers which did not yet see the new index have committed before the build scans.
   */
  void awaitTransactionsBegunBefore(long deadlineNanos) {
    long barrier = transactionIds.get();
    while (activeTransactions.stream().anyMatch(id -> id <= barrier)) {
      if (System.nanoTime() > deadlineNanos) {
        throw new ConflictException(
            "transactions older than the index did not finish in time; retry");
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConflictException("interrupted while waiting for older transactions", e);
      }
    }
  }
}
