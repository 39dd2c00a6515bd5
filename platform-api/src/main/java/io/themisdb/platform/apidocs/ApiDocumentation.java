package io.themisdb.platform.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.themisdb.platform.auth.ApiScope;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document of the /v1 API at /v3/api-docs (Swagger UI at /swagger-ui.html): the
 * OAuth2 client-credentials scheme with our scopes, required by every operation except the
 * anonymous signup and password-reset ones.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String SCHEME = "oauth2";
  private static final Set<String> ANONYMOUS_PREFIXES = Set.of("/v1/signup", "/v1/password-reset");

  @Bean
  OpenAPI themisOpenApi() {
    Scopes scopes = new Scopes();
    for (ApiScope scope : ApiScope.values()) {
      scopes.addString(scope.value(), scope.description());
    }
    return new OpenAPI()
        .info(
            new Info()
                .title("ThemisDB Cloud API")
                .version("v1")
                .description(
                    "Multi-model databases per tenant. Errors are RFC 9457 problems; their types"
                        + " are listed in docs/errors.md.")
                .license(new License().name("Proprietary")))
        .components(
            new Components()
                .addSecuritySchemes(
                    SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.OAUTH2)
                        .description("client_credentials at /oauth2/token")
                        .flows(
                            new OAuthFlows()
                                .clientCredentials(
                                    new OAuthFlow().tokenUrl("/oauth2/token").scopes(scopes)))));
  }

  /** Marks every non-anonymous operation as needing a token, so clients and the docs agree. */
  @Bean
  OpenApiCustomizer bearerRequirement() {
    return api ->
        api.getPaths()
            .forEach(
                (path, item) -> {
                  boolean anonymous = ANONYMOUS_PREFIXES.stream().anyMatch(path::startsWith);
                  if (!anonymous) {
                    item.readOperations()
                        .forEach(
                            op -> op.addSecurityItem(new SecurityRequirement().addList(SCHEME)));
                  }
                });
  }
}
