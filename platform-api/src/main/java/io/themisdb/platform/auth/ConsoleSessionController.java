package io.themisdb.platform.auth;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** JSON sign-in for the console: a same-origin session cookie, never a token in the browser. */
@RestController
@RequestMapping("/console/api/session")
class ConsoleSessionController {

  private final ConsoleAuthentication authentication;
  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  ConsoleSessionController(ConsoleAuthentication authentication) {
    this.authentication = authentication;
  }

  @PostMapping
  SessionView signIn(
      @Valid @RequestBody Credentials credentials,
      HttpServletRequest request,
      HttpServletResponse response) {
    ConsoleUser user;
    try {
      user = authentication.authenticate(credentials.email(), credentials.password());
    } catch (BadCredentialsException e) {
      throw new ProblemException(ProblemType.UNAUTHENTICATED, e.getMessage());
    }
    // A new session id on sign-in, so a session id planted before cannot be ridden.
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities()));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    return SessionView.of(user);
  }

  @GetMapping
  SessionView current(@AuthenticationPrincipal ConsoleUser user) {
    return SessionView.of(user);
  }

  record Credentials(
      @NotBlank @Size(max = 320) String email, @NotBlank @Size(max = 1000) String password) {
    @Override
    public String toString() {
      return "Credentials[email=" + email + "]";
    }
  }

  record SessionView(String email, boolean operator, UUID tenantId, String role) {
    static SessionView of(ConsoleUser user) {
      return new SessionView(
          user.email(),
          user.operator(),
          user.tenantId(),
          user.role() == null ? null : user.role().name());
    }
  }
}
