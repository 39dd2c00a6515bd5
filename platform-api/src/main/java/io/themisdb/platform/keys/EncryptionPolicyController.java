package io.themisdb.platform.keys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.KeyVersionStatus;
import io.themisdb.encryption.keyring.TenantKeysException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.crypto.FieldProtection;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A collection's field-encryption policy. Setting one creates the tenant's keys on first use; a
 * policy that adds attributes to a filled collection starts a background job that encrypts the
 * documents already stored.
 */
@RestController
@RequestMapping("/v1/collections/{collection}/encryption")
@Tag(name = "Keys")
class EncryptionPolicyController {

  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");
  private static final int MAX_FIELDS = 32;

  private final TenantDatabases databases;
  private final TenantKeys keys;
  private final EncryptionJobs jobs;
  private final AuditLog audit;

  EncryptionPolicyController(
      TenantDatabases databases, TenantKeys keys, EncryptionJobs jobs, AuditLog audit) {
    this.databases = databases;
    this.keys = keys;
    this.jobs = jobs;
    this.audit = audit;
  }

  @Schema(description = "Encrypted attributes of a collection")
  record PolicyView(
      @Schema(
              description = "Attribute path to protection",
              example = "{\"ssn\":\"randomized\",\"email\":\"deterministic\"}")
          Map<String, String> fields,
      @Schema(description = "Attributes existing documents may still hold in the clear")
          Set<String> pending,
      @Schema(description = "The job encrypting existing documents, when one was started")
          EncryptionJobs.Job job) {}

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(summary = "The collection's encryption policy (no fields: stored in the clear)")
  PolicyView get(ApiCaller caller, @PathVariable String collection) {
    TenantDatabase db = databases.of(caller.tenant());
    db.collection(collection);
    return db.encryptionPolicy(collection)
        .map(p -> view(p, null))
        .orElseGet(() -> new PolicyView(Map.of(), Set.of(), null));
  }

  @PutMapping
  @PreAuthorize("hasAuthority('SCOPE_keys:manage')")
  @Operation(
      summary = "Set the collection's encryption policy; it can only grow",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"fields\":{\"ssn\":\"randomized\","
                                      + "\"email\":\"deterministic\"}}"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "In force; nothing to encrypt"),
        @ApiResponse(
            responseCode = "202",
            description = "In force for new writes; job encrypts the existing documents"),
        @ApiResponse(
            responseCode = "400",
            description =
                "validation-failed: bad path or protection, a dropped or changed attribute, an"
                    + " index that cannot work on ciphertext"),
        @ApiResponse(responseCode = "410", description = "keys-shredded")
      })
  ResponseEntity<PolicyView> put(
      ApiCaller caller, @PathVariable String collection, @RequestBody JsonNode body) {
    TenantDatabase db = databases.of(caller.tenant());
    db.collection(collection);
    EncryptionPolicy requested = read(body);
    String tenant = TenantDatabases.name(caller.tenant().id());
    EncryptionPolicy now;
    try {
      keys.provision(tenant);
      now = db.setEncryptionPolicy(collection, requested);
    } catch (TenantKeysException e) {
      record(caller, collection, Outcome.FAILURE, e.getClass().getSimpleName());
      throw KeysController.problem(e);
    } catch (IllegalArgumentException e) {
      record(caller, collection, Outcome.FAILURE, e.getMessage());
      throw invalid(e.getMessage());
    }
    record(caller, collection, Outcome.SUCCESS, String.join(",", now.fields().keySet()));
    if (now.pending().isEmpty()) {
      return ResponseEntity.ok(view(now, null));
    }
    int primary =
        keys.keyVersions(tenant).stream()
            .filter(v -> v.status() == KeyVersionStatus.PRIMARY)
            .mapToInt(KeyVersion::version)
            .findFirst()
            .orElse(0);
    EncryptionJobs.Job job =
        jobs.start(caller.tenant().id(), db, EncryptionJobs.Kind.ENCRYPT, primary);
    audit.record(
        caller.tenant().id(),
        caller.clientId(),
        "keys.reencryption-started",
        job.id(),
        Outcome.SUCCESS);
    return ResponseEntity.accepted().body(view(now, job));
  }

  private void record(ApiCaller caller, String collection, Outcome outcome, String detail) {
    audit.record(
        caller.tenant().id(),
        caller.clientId(),
        "encryption.policy-set",
        collection,
        outcome,
        detail);
  }

  private static EncryptionPolicy read(JsonNode body) {
    JsonNode fields = body == null ? null : body.get("fields");
    if (body == null || !body.isObject() || fields == null || !fields.isObject()) {
      throw invalid("fields must be an object of attribute paths to protections");
    }
    for (String name : body.propertyNames()) {
      if (!name.equals("fields")) {
        throw invalid(name + " is not a known field");
      }
    }
    if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
      throw invalid("fields must name 1 to " + MAX_FIELDS + " attribute paths");
    }
    Map<String, FieldProtection> out = new LinkedHashMap<>();
    for (var e : fields.properties()) {
      if (!PATH.matcher(e.getKey()).matches()) {
        throw invalid("'" + e.getKey() + "' is not an attribute path like a.b");
      }
      String protection = e.getValue().isString() ? e.getValue().stringValue() : "";
      switch (protection) {
        case "randomized" -> out.put(e.getKey(), FieldProtection.RANDOMIZED);
        case "deterministic" -> out.put(e.getKey(), FieldProtection.DETERMINISTIC);
        default ->
            throw invalid("protection of '" + e.getKey() + "' must be randomized or deterministic");
      }
    }
    try {
      return EncryptionPolicy.of(out);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static ProblemException invalid(String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        "The encryption policy is not valid: " + message,
        Map.of("errors", List.of(Map.of("field", "fields", "message", message))));
  }

  private static PolicyView view(EncryptionPolicy p, EncryptionJobs.Job job) {
    Map<String, String> fields = new LinkedHashMap<>();
    p.fields().forEach((k, v) -> fields.put(k, v.name().toLowerCase(Locale.ROOT)));
    return new PolicyView(fields, p.pending(), job);
  }
}
