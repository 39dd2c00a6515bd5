package io.themisdb.billing.plan;

/** A plan code that the catalogue does not hold, for example in a stored subscription. */
public final class UnknownPlanException extends RuntimeException {

  private final String code;

  public UnknownPlanException(String code, java.util.Collection<String> known) {
    super("Unknown plan '" + code + "'; known plans: " + known);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
