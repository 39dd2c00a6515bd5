package io.themisdb.platform.auth;

import io.themisdb.platform.auth.ApiClients.ApiClient;
import io.themisdb.platform.auth.ApiClients.IssuedSecret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API client management for the signed-in tenant's owners and admins. */
@RestController
@RequestMapping("/console/api/clients")
@PreAuthorize("hasAnyAuthority('TENANT_OWNER', 'TENANT_ADMIN')")
class ApiClientController {

  private final ApiClients clients;

  ApiClientController(ApiClients clients) {
    this.clients = clients;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  IssuedSecret create(
      @AuthenticationPrincipal ConsoleUser user, @Valid @RequestBody NewClient request) {
    return clients.create(user.tenantId(), request.name(), request.scopes(), user.email());
  }

  @GetMapping
  List<ApiClient> list(@AuthenticationPrincipal ConsoleUser user) {
    return clients.list(user.tenantId());
  }

  @PostMapping("/{clientId}/secret")
  IssuedSecret rotate(@AuthenticationPrincipal ConsoleUser user, @PathVariable String clientId) {
    return clients.rotateSecret(user.tenantId(), clientId, user.email());
  }

  @DeleteMapping("/{clientId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@AuthenticationPrincipal ConsoleUser user, @PathVariable String clientId) {
    clients.revoke(user.tenantId(), clientId, user.email());
  }

  record NewClient(@NotBlank @Size(max = 200) String name, @NotEmpty Set<String> scopes) {}
}
