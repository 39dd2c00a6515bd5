package io.themisdb.platform.signup;

import io.themisdb.platform.tenancy.Tenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Public signup endpoints; no authentication, no cookies, so no CSRF exposure. */
@RestController
@RequestMapping("/v1/signup")
class SignupController {

  private final Signup signup;

  SignupController(Signup signup) {
    this.signup = signup;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  Accepted register(@Valid @RequestBody SignupRequest request) {
    signup.register(request.email(), request.password(), request.organisationName());
    return new Accepted("verification-sent");
  }

  @PostMapping("/resend")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Accepted resend(@Valid @RequestBody ResendRequest request) {
    signup.resend(request.email());
    return new Accepted("verification-sent-if-pending");
  }

  @PostMapping("/verify")
  @ResponseStatus(HttpStatus.CREATED)
  Provisioned verify(@Valid @RequestBody VerifyRequest request) {
    Tenant tenant = signup.verify(request.token());
    return new Provisioned(tenant.id(), tenant.slug(), tenant.displayName(), tenant.planId());
  }

  record SignupRequest(
      @NotBlank @Email @Size(max = 320) String email,
      @NotBlank @Size(max = 1000) String password,
      @NotBlank @Size(min = 2, max = 200) String organisationName) {

    @Override
    public String toString() {
      return "SignupRequest[email=" + email + ", organisationName=" + organisationName + "]";
    }
  }

  record ResendRequest(@NotBlank @Email @Size(max = 320) String email) {}

  record VerifyRequest(@NotBlank @Size(max = 100) String token) {}

  record Accepted(String status) {}

  record Provisioned(UUID tenantId, String slug, String name, String plan) {}
}
