package io.themisdb.platform.query;

import io.swagger.v3.oas.annotations.media.Schema;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** The body of {@code POST /v1/query}. */
@Schema(description = "An AQL query with its bind parameters and options")
record QueryRequest(
    @Schema(
            description = "The AQL text",
            example = "FOR o IN orders FILTER o.total >= @min SORT o.total DESC LIMIT 10 RETURN o",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank
        String query,
    @Schema(
            description = "Values of the query's @name (and @@collection) parameters",
            example = "{\"min\": 40}")
        Map<String, JsonNode> bindVars,
    @Schema(description = "Results per answer; the default is themis.query.default-batch-size")
        @Min(1)
        @Max(10_000)
        Integer batchSize,
    @Valid Options options) {

  /** Options of one query; every field may be omitted. */
  @Schema(name = "QueryRequestOptions", description = "How the query runs")
  record Options(
      @Schema(description = "Answer the plan without running the query") Boolean explain,
      @Schema(description = "Add rows and time per plan node to extra.profile") Boolean profile,
      @Schema(
              description =
                  "The query fails after this long (counted from its start, across batches);"
                      + " capped by themis.query.max-timeout",
              example = "30")
          @Min(1)
          @Max(86_400)
          Integer timeoutSeconds,
      @Schema(description = "The query fails once it would return more results", example = "1000")
          @Min(1)
          Long maxResults) {}

  /** Strict so that a misspelled option ({@code "profil": true}) is an error, not ignored. */
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  boolean explain() {
    return options != null && Boolean.TRUE.equals(options.explain());
  }

  boolean profile() {
    return options != null && Boolean.TRUE.equals(options.profile());
  }

  static QueryRequest read(JsonNode body, Validator validator) {
    if (body == null || !body.isObject()) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object.");
    }
    QueryRequest request;
    try {
      request = STRICT.treeToValue(body, QueryRequest.class);
    } catch (UnrecognizedPropertyException e) {
      throw invalid(path(e), "is not a known field");
    } catch (MismatchedInputException e) {
      throw invalid(path(e), "has the wrong type");
    } catch (JacksonException e) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body cannot be read.");
    }
    var violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "The request has invalid fields.",
          Map.of(
              "errors",
              violations.stream()
                  .sorted(
                      Comparator.comparing(
                          (ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                  .map(
                      v ->
                          Map.of(
                              "field", v.getPropertyPath().toString(), "message", v.getMessage()))
                  .toList()));
    }
    if (request.explain() && request.profile()) {
      throw invalid("options", "cannot ask for both explain and profile");
    }
    return request;
  }

  private static String path(MismatchedInputException e) {
    String field =
        String.join(
            ".",
            e.getPath().stream()
                .map(
                    r ->
                        r.getPropertyName() == null
                            ? "[" + r.getIndex() + "]"
                            : r.getPropertyName())
                .toList());
    return field.isEmpty() ? "body" : field;
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        "The request has invalid fields.",
        Map.of("errors", List.of(Map.of("field", field, "message", message))));
  }
}
