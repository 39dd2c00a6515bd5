package io.themisdb.platform.databases;

import io.themisdb.engine.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The tenant engines of this process ({@code themis.engine.*}); docs/configuration.md lists them.
 *
 * @param dir one sub-directory per tenant database (application.yml: {@code
 *     ${themis.data-dir}/engine})
 * @param backupDir one sub-directory per tenant with its backups ({@code
 *     ${themis.data-dir}/backups})
 * @param memoryBudget block cache and memtables of all tenant databases together
 * @param backgroundThreads flush and compaction threads shared by all databases
 * @param maxOpenDatabases databases beyond this are closed, least recently used first
 * @param idleTimeout a database unused this long has its storage closed until the next use
 * @param maxDocumentSize largest stored document (binary form)
 * @param lockTimeout how long a write waits for another transaction's lock before a conflict
 * @param transactionTimeout the longest an explicit transaction may live
 * @param transactionIdleTimeout an explicit transaction unused this long is aborted
 * @param maxOpenTransactions explicit transactions one tenant may hold open at once
 * @param maxBackups backups one tenant may keep (automatic pre-restore backups not counted)
 * @param ttlSweepInterval how often expired documents of TTL indexes are removed; until then they
 *     stay visible. Zero turns the background sweep off
 * @param graphCache heap the in-memory adjacency of edge collections may hold, all databases
 *     together; an edge collection that does not fit is traversed through its edge index. Zero
 *     turns the cache off
 * @param vectorMemory heap the vector indexes of the open databases may hold together; beyond it
 *     the least recently used indexes of other databases are snapshot and let go. Unset: a quarter
 *     of the JVM's maximum heap
 */
@ConfigurationProperties("themis.engine")
public record DatabaseSettings(
    @DefaultValue("./data/engine") Path dir,
    @DefaultValue("./data/backups") Path backupDir,
    @DefaultValue("256MB") DataSize memoryBudget,
    @DefaultValue("2") int backgroundThreads,
    @DefaultValue("256") int maxOpenDatabases,
    @DefaultValue("5m") Duration idleTimeout,
    @DefaultValue("4MB") DataSize maxDocumentSize,
    @DefaultValue("1s") Duration lockTimeout,
    @DefaultValue("5m") Duration transactionTimeout,
    @DefaultValue("30s") Duration transactionIdleTimeout,
    @DefaultValue("32") int maxOpenTransactions,
    @DefaultValue("10") int maxBackups,
    @DefaultValue("1m") Duration ttlSweepInterval,
    @DefaultValue("256MB") DataSize graphCache,
    DataSize vectorMemory) {

  EngineSettings engine() {
    return new EngineSettings(
        dir,
        memoryBudget.toBytes(),
        0.25,
        backgroundThreads,
        maxOpenDatabases,
        idleTimeout,
        maxDocumentSize.toBytes(),
        lockTimeout,
        transactionTimeout,
        ttlSweepInterval,
        graphCache.toBytes(),
        vectorMemory != null ? vectorMemory.toBytes() : EngineSettings.defaultVectorMemoryBytes());
  }
}
