package io.themisdb.platform.problem;

import java.util.Map;

/**
 * A failure the client caused or must know about, answered as {@code application/problem+json}. The
 * detail is shown to the client: never put secrets or other tenants' data in it.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ProblemException(ProblemType type, String detail, Map<String, Object> properties) {
    super(detail);
    this.type = type;
    this.properties = Map.copyOf(properties);
  }

  public ProblemType type() {
    return type;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
