package io.themisdb.platform.documents;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads option bodies (collection and index definitions) strictly: an unknown field, a value of the
 * wrong type or a broken rule answers 400 rather than being ignored or coerced, since a misspelled
 * {@code "uniqe": true} silently building a non-unique index is worse than an error. Bodies arrive
 * as JSON trees, so that the resource in the path is checked (404) before the body (400).
 */
@Component
public class RequestBodies {

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private final Validator validator;

  RequestBodies(Validator validator) {
    this.validator = validator;
  }

  public <T> T read(JsonNode body, Class<T> type) {
    if (body == null || !body.isObject()) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object.");
    }
    T value;
    try {
      value = STRICT.treeToValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw invalid(e.getPropertyName(), "is not a known field");
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().isEmpty() || e.getPath().getFirst().getPropertyName() == null
              ? "body"
              : e.getPath().getFirst().getPropertyName();
      throw invalid(field, "has the wrong type");
    } catch (JacksonException e) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body cannot be read.");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      List<Map<String, String>> errors =
          violations.stream()
              .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
              .sorted(Comparator.comparing(m -> m.get("field")))
              .toList();
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "The request has invalid fields.",
          Map.of("errors", errors));
    }
    return value;
  }

  /** A 400 validation-failed naming one field, as {@link #read} answers a broken rule. */
  public static ProblemException invalid(String field, String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        "The request has invalid fields.",
        Map.of("errors", List.of(Map.of("field", field, "message", message))));
  }
}
