package io.themisdb.platform.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.themisdb.platform.auth.ApiScope;
import io.themisdb.platform.tenancy.ApiCaller;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of the /v1 API at /v3/api-docs (Swagger UI at /swagger-ui.html): the
 * OAuth2 client-credentials scheme with our scopes, required by every operation except the
 * anonymous signup and password-reset ones.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String SCHEME = "oauth2";
  private static final Set<String> ANONYMOUS_PREFIXES = Set.of("/v1/signup", "/v1/password-reset");

  static {
    SpringDocUtils config = SpringDocUtils.getConfig();
    // The caller is resolved from the token, never sent by the client.
    config.addRequestWrapperToIgnore(ApiCaller.class);
    // Documents are free-form JSON objects: no properties to introspect.
    config
        .replaceWithSchema(ObjectNode.class, new ObjectSchema().description("A JSON document"))
        .replaceWithSchema(JsonNode.class, new ObjectSchema().description("A JSON document"));
  }

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

  /**
   * Error responses are RFC 9457 problems, not the operation's success type: every 4xx/5xx an
   * operation declares is described as {@code application/problem+json} with the Problem schema.
   */
  @Bean
  OpenApiCustomizer problemResponsesInDocs() {
    return api -> {
      api.getComponents().addSchemas("Problem", problemSchema());
      api.getPaths().values().stream()
          .flatMap(item -> item.readOperations().stream())
          .filter(op -> op.getResponses() != null)
          .forEach(op -> op.getResponses().forEach(ApiDocumentation::describeAsProblem));
    };
  }

  private static void describeAsProblem(String code, ApiResponse response) {
    if (code.startsWith("4") || code.startsWith("5")) {
      Schema<?> ref = new Schema<>().$ref("#/components/schemas/Problem");
      response.setContent(
          new Content().addMediaType("application/problem+json", new MediaType().schema(ref)));
    }
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem; switch on type (see docs/errors.md)")
        .addProperty(
            "type",
            new StringSchema()
                .format("uri")
                .example("https://themisdb.io/problems/revision-mismatch"))
        .addProperty("title", new StringSchema().example("Revision mismatch"))
        .addProperty("status", new IntegerSchema().example(412))
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty(
            "retryable",
            new BooleanSchema().description("Engine errors: whether retrying may succeed"));
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
