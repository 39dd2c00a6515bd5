package io.themisdb.platform.keys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.KeyVersionTransitionException;
import io.themisdb.encryption.keyring.TenantKeysException;
import io.themisdb.encryption.keyring.TenantKeysNotFoundException;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.billing.webhook.KeyRotationEvents;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.EngineProblems;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's encryption keys: versions, rotation with a background re-encryption job, disabling
 * and destroying old versions, and crypto-shredding. Every change is audited, refusals included.
 */
@RestController
@RequestMapping("/v1/keys")
@Tag(name = "Keys", description = "Field-encryption keys, rotation and crypto-shredding")
class KeysController {

  /** The name {@code key.rotated} webhooks give the tenant's one field-encryption keyring. */
  static final String FIELD_KEYS = "field-encryption";

  private final TenantKeys keys;
  private final EncryptionJobs jobs;
  private final TenantDatabases databases;
  private final AuditLog audit;
  private final KeyRotationEvents rotations;

  KeysController(
      TenantKeys keys,
      EncryptionJobs jobs,
      TenantDatabases databases,
      AuditLog audit,
      KeyRotationEvents rotations) {
    this.rotations = rotations;
    this.keys = keys;
    this.jobs = jobs;
    this.databases = databases;
    this.audit = audit;
  }

  @Schema(description = "One version of the tenant's keys; never any key material")
  record KeyVersionView(
      int version,
      @Schema(allowableValues = {"primary", "enabled", "disabled", "destroyed"}) String status,
      Instant createdAt,
      Instant statusSince) {
    static KeyVersionView of(KeyVersion v) {
      return new KeyVersionView(
          v.version(), v.status().name().toLowerCase(Locale.ROOT), v.createdAt(), v.statusSince());
    }
  }

  @Schema(description = "The tenant's key versions, oldest first")
  record KeysView(
      List<KeyVersionView> versions,
      @Schema(description = "When the keys were shredded; absent if they were not")
          Instant shreddedAt) {}

  record Rotated(KeyVersionView primary, EncryptionJobs.Job job) {}

  record Shredded(Instant shreddedAt) {}

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(summary = "The key versions and whether the keys were shredded")
  KeysView get(ApiCaller caller) {
    String tenant = tenant(caller);
    Instant shredded = keys.shreddedAt(tenant).orElse(null);
    if (shredded != null || !keys.hasKeys(tenant)) {
      return new KeysView(List.of(), shredded);
    }
    return new KeysView(keys.keyVersions(tenant).stream().map(KeyVersionView::of).toList(), null);
  }

  @PostMapping("/rotate")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Make a new primary key version and re-encrypt in the background",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "New writes use the new version; the job re-encrypts older values"),
        @ApiResponse(responseCode = "409", description = "keys-unavailable: no keys yet"),
        @ApiResponse(responseCode = "410", description = "keys-shredded")
      })
  ResponseEntity<Rotated> rotate(ApiCaller caller) {
    KeyVersion primary = audited(caller, "keys.rotated", null, () -> keys.rotate(tenant(caller)));
    rotations.keyRotated(caller.tenant().id(), FIELD_KEYS, primary.version());
    EncryptionJobs.Job job =
        jobs.start(
            caller.tenant().id(),
            databases.of(caller.tenant()),
            EncryptionJobs.Kind.REENCRYPT,
            primary.version());
    audit.record(
        caller.tenant().id(),
        caller.clientId(),
        "keys.reencryption-started",
        job.id(),
        Outcome.SUCCESS);
    return ResponseEntity.accepted().body(new Rotated(KeyVersionView.of(primary), job));
  }

  @PostMapping("/versions/{version}/disable")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Stop a non-primary version from decrypting (reversible)",
      responses = {
        @ApiResponse(responseCode = "200", description = "The version, now disabled"),
        @ApiResponse(responseCode = "404", description = "not-found"),
        @ApiResponse(responseCode = "409", description = "conflict: the primary, or not enabled")
      })
  KeyVersionView disable(ApiCaller caller, @PathVariable String version) {
    return transition(caller, version, "keys.version-disabled", keys::disable);
  }

  @PostMapping("/versions/{version}/enable")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(summary = "Let a disabled version decrypt again")
  KeyVersionView enable(ApiCaller caller, @PathVariable String version) {
    return transition(caller, version, "keys.version-enabled", keys::enable);
  }

  @PostMapping("/versions/{version}/destroy")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Delete a disabled version's key material for good",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "Destroyed: values still under it are unreadable for good"),
        @ApiResponse(responseCode = "404", description = "not-found"),
        @ApiResponse(responseCode = "409", description = "conflict: not disabled first")
      })
  KeyVersionView destroy(ApiCaller caller, @PathVariable String version) {
    return transition(caller, version, "keys.version-destroyed", keys::destroy);
  }

  @GetMapping("/jobs")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(summary = "The latest encryption jobs (up to 20), newest first")
  List<EncryptionJobs.Job> jobs(ApiCaller caller) {
    return jobs.list(caller.tenant().id());
  }

  @PostMapping("/jobs")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Run (or resume) a pass that encrypts and re-encrypts every encrypted collection",
      responses = @ApiResponse(responseCode = "202", description = "The job, running"))
  ResponseEntity<EncryptionJobs.Job> startJob(ApiCaller caller) {
    String tenant = tenant(caller);
    int primary =
        keys.hasKeys(tenant)
            ? keys.keyVersions(tenant).stream()
                .filter(v -> v.status().name().equals("PRIMARY"))
                .mapToInt(KeyVersion::version)
                .findFirst()
                .orElse(0)
            : 0;
    EncryptionJobs.Job job =
        jobs.start(
            caller.tenant().id(),
            databases.of(caller.tenant()),
            EncryptionJobs.Kind.REENCRYPT,
            primary);
    audit.record(
        caller.tenant().id(),
        caller.clientId(),
        "keys.reencryption-started",
        job.id(),
        Outcome.SUCCESS);
    return ResponseEntity.accepted().body(job);
  }

  @GetMapping("/jobs/{job}")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(summary = "An encryption job and its progress per collection")
  EncryptionJobs.Job job(ApiCaller caller, @PathVariable String job) {
    return jobs.find(caller.tenant().id(), job);
  }

  @PostMapping("/shred")
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Destroy all of the tenant's keys (crypto-shredding); irreversible",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              description = "{\"confirm\": true}, so that no stray call shreds"),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description =
                "Shredded: encrypted attributes, in the database and in backups, are unreadable"),
        @ApiResponse(responseCode = "400", description = "validation-failed: confirm missing")
      })
  Shredded shred(ApiCaller caller, @RequestBody(required = false) JsonNode body) {
    if (body == null || !body.path("confirm").isBoolean() || !body.path("confirm").booleanValue()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "Shredding cannot be undone; send {\"confirm\": true} to shred.",
          java.util.Map.of(
              "errors", List.of(java.util.Map.of("field", "confirm", "message", "must be true"))));
    }
    String tenant = tenant(caller);
    audited(
        caller,
        "keys.shredded",
        null,
        () -> {
          keys.shred(tenant);
          return null;
        });
    return new Shredded(keys.shreddedAt(tenant).orElseThrow());
  }

  private KeyVersionView transition(
      ApiCaller caller,
      String version,
      String action,
      BiFunction<String, Integer, KeyVersion> change) {
    String tenant = tenant(caller);
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new ProblemException(ProblemType.NOT_FOUND, "No such key version.");
    }
    if (!keys.hasKeys(tenant)
        || keys.keyVersions(tenant).stream().noneMatch(v -> v.version() == number)) {
      throw new ProblemException(ProblemType.NOT_FOUND, "No such key version.");
    }
    return KeyVersionView.of(
        audited(caller, action, "v" + number, () -> change.apply(tenant, number)));
  }

  /** Runs a key operation and audits it, failures too; key failures become problems. */
  private <T> T audited(ApiCaller caller, String action, String target, Supplier<T> work) {
    try {
      T result = work.get();
      String done =
          target != null ? target : result instanceof KeyVersion v ? "v" + v.version() : null;
      audit.record(caller.tenant().id(), caller.clientId(), action, done, Outcome.SUCCESS);
      return result;
    } catch (TenantKeysException e) {
      audit.record(
          caller.tenant().id(),
          caller.clientId(),
          action,
          target,
          Outcome.FAILURE,
          e.getClass().getSimpleName());
      throw problem(e);
    }
  }

  static ProblemException problem(TenantKeysException e) {
    return switch (e) {
      case KeyVersionTransitionException x ->
          new ProblemException(ProblemType.CONFLICT, x.getMessage());
      case TenantKeysNotFoundException x ->
          new ProblemException(
              ProblemType.KEYS_UNAVAILABLE,
              "The tenant has no encryption keys yet; setting an encryption policy creates them.",
              java.util.Map.of("reason", "KEYS_UNAVAILABLE"));
      default -> EngineProblems.of(TenantFieldCipher.translate(e));
    };
  }

  private static String tenant(ApiCaller caller) {
    return TenantDatabases.name(caller.tenant().id());
  }
}
