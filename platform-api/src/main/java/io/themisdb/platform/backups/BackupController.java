package io.themisdb.platform.backups;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.databases.TenantBackups;
import io.themisdb.platform.databases.TenantBackups.Backup;
import io.themisdb.platform.databases.TenantBackups.Restored;
import io.themisdb.platform.tenancy.ApiCaller;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups of the caller's database. Restore replaces the current data with a backup's, only while
 * no transaction is open, and keeps the replaced data as a new backup so it can be undone.
 */
@RestController
@RequestMapping("/v1/backups")
@Tag(name = "Backups", description = "Consistent online backups and restore")
class BackupController {

  private final TenantBackups backups;
  private final AuditLog audit;

  BackupController(TenantBackups backups, AuditLog audit) {
    this.backups = backups;
    this.audit = audit;
  }

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_backup:manage')")
  @Operation(
      summary = "Back the database up now",
      responses = {
        @ApiResponse(responseCode = "201", description = "The backup"),
        @ApiResponse(responseCode = "409", description = "conflict: too many backups kept")
      })
  ResponseEntity<Backup> create(ApiCaller caller) {
    Backup backup = backups.create(caller.tenant());
    audit.record(
        caller.tenant().id(), caller.clientId(), "backup.created", backup.id(), Outcome.SUCCESS);
    return ResponseEntity.created(URI.create("/v1/backups/" + backup.id())).body(backup);
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_backup:manage')")
  @Operation(summary = "List the backups, newest first")
  List<Backup> list(ApiCaller caller) {
    return backups.list(caller.tenant().id());
  }

  @GetMapping("/{backup}")
  @PreAuthorize("hasAuthority('SCOPE_backup:manage')")
  @Operation(summary = "A backup")
  Backup get(ApiCaller caller, @PathVariable String backup) {
    return backups.find(caller.tenant().id(), backup);
  }

  @PostMapping("/{backup}/restore")
  @PreAuthorize("hasAuthority('SCOPE_backup:manage')")
  @Operation(
      summary = "Replace the database's data with this backup's",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "Restored; previousData is a backup of the data it replaced"),
        @ApiResponse(responseCode = "409", description = "transactions-open"),
        @ApiResponse(responseCode = "404", description = "not-found")
      })
  Restored restore(ApiCaller caller, @PathVariable String backup) {
    Restored restored = backups.restore(caller.tenant(), backup);
    audit.record(
        caller.tenant().id(), caller.clientId(), "backup.restored", backup, Outcome.SUCCESS);
    return restored;
  }

  @DeleteMapping("/{backup}")
  @PreAuthorize("hasAuthority('SCOPE_backup:manage')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a backup")
  void delete(ApiCaller caller, @PathVariable String backup) {
    backups.delete(caller.tenant().id(), backup);
  }
}
