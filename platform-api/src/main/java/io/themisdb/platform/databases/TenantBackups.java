package io.themisdb.platform.databases;

import io.themisdb.engine.EngineHost;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups of tenant databases: consistent online checkpoints of the engine database, one directory
 * each under {@code themis.engine.backup-dir/<tenant>/<id>}, whose {@code backup.json} is written
 * last, so that a half-made backup is never listed.
 *
 * <p>Restore replaces the tenant's data only while it has no open transaction (their snapshots
 * would outlive the data they read), keeps everyone else out while it swaps the data, and first
 * backs the current data up, so that a restore can itself be undone.
 */
@Component
public class TenantBackups {

  private static final Pattern ID = Pattern.compile("[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String META = "backup.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabases databases;
  private final OpenTransactions transactions;
  private final DatabaseSettings settings;
  private final ApplicationEventPublisher events;
  private final SecureRandom random = new SecureRandom();

  TenantBackups(
      TenantDatabases databases,
      OpenTransactions transactions,
      DatabaseSettings settings,
      ApplicationEventPublisher events) {
    this.databases = databases;
    this.transactions = transactions;
    this.settings = settings;
    this.events = events;
  }

  /** A stored backup; {@code restoredFrom} is set on the automatic backup a restore makes. */
  public record Backup(
      String id, Instant createdAt, Reason reason, String restoredFrom, long sizeBytes) {}

  public enum Reason {
    REQUESTED,
    BEFORE_RESTORE
  }

  /** The outcome of a restore: the backup restored and the one holding the data it replaced. */
  public record Restored(Backup restored, Backup previousData) {}

  public Backup create(Tenant tenant) {
    long kept = list(tenant.id()).stream().filter(b -> b.reason() == Reason.REQUESTED).count();
    if (kept >= settings.maxBackups()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The tenant keeps " + kept + " backups, the most allowed; delete one first.");
    }
    databases.of(tenant); // made if missing, refused while a restore runs
    return snapshot(tenant.id(), Reason.REQUESTED, null);
  }

  /** The tenant's backups, newest first. */
  public List<Backup> list(UUID tenant) {
    Path dir = tenantDir(tenant);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> Files.isRegularFile(p.resolve(META)))
          .map(TenantBackups::read)
          .sorted(Comparator.comparing(Backup::createdAt).thenComparing(Backup::id).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Backup find(UUID tenant, String id) {
    Path dir = backupDir(tenant, id);
    if (!Files.isRegularFile(dir.resolve(META))) {
      throw notFound(id);
    }
    return read(dir);
  }

  public void delete(UUID tenant, String id) {
    find(tenant, id);
    remove(backupDir(tenant, id));
  }

  /** Replaces the tenant's data with the backup's; see the class comment for the rules. */
  public Restored restore(Tenant tenant, String id) {
    Backup chosen = find(tenant.id(), id);
    databases.of(tenant);
    Backup[] previous = new Backup[1];
    databases.exclusively(
        tenant.id(),
        name -> {
          // Checked inside: no transaction can begin while the database is held exclusively.
          int open = transactions.openCount(tenant.id());
          if (open > 0) {
            throw new ProblemException(
                ProblemType.TRANSACTIONS_OPEN,
                open + " transaction(s) are open; commit or abort them before restoring.");
          }
          events.publishEvent(new RestoreStarted(tenant.id()));
          previous[0] = snapshot(tenant.id(), Reason.BEFORE_RESTORE, id);
          EngineHost host = databases.host();
          databases.destroyWhenUnused(name);
          try {
            host.restore(backupDir(tenant.id(), id).resolve("data"), name);
          } catch (RuntimeException e) {
            databases.destroyWhenUnused(name);
            host.restore(backupDir(tenant.id(), previous[0].id()).resolve("data"), name);
            throw e;
          }
        });
    return new Restored(chosen, previous[0]);
  }

  /** Removes every backup of the tenant (it was deleted). */
  void deleteAll(UUID tenant) {
    remove(tenantDir(tenant));
  }

  private Backup snapshot(UUID tenant, Reason reason, String restoredFrom) {
    Instant now = Instant.now();
    byte[] suffix = new byte[3];
    random.nextBytes(suffix);
    String id = STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
    Path dir = backupDir(tenant, id);
    try {
      Files.createDirectories(dir);
      databases.host().backup(TenantDatabases.name(tenant), dir.resolve("data"));
      Backup backup = new Backup(id, now, reason, restoredFrom, size(dir.resolve("data")));
      Path temp = dir.resolve(META + ".tmp");
      JSON.writeValue(temp.toFile(), backup);
      Files.move(temp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE);
      return backup;
    } catch (IOException | RuntimeException e) {
      remove(dir);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static Backup read(Path dir) {
    return JSON.readValue(dir.resolve(META).toFile(), Backup.class);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private Path tenantDir(UUID tenant) {
    return settings.backupDir().resolve(tenant.toString());
  }

  /** The id is checked against its pattern before it names a directory: no path tricks. */
  private Path backupDir(UUID tenant, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw notFound(id);
    }
    return tenantDir(tenant).resolve(id);
  }

  private static void remove(Path dir) {
    try {
      FileSystemUtils.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(ProblemType.NOT_FOUND, "No backup '" + id + "'.");
  }
}
