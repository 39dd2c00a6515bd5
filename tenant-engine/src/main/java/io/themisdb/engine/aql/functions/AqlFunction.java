package io.themisdb.engine.aql.functions;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A named AQL function taking between {@code minArgs} and {@code maxArgs} arguments ({@code
 * maxArgs} -1: any number). Arguments are never Java null; a function answers null (the AQL value)
 * for arguments of the wrong type, as AQL does.
 */
public record AqlFunction(String name, int minArgs, int maxArgs, Body body) {

  @FunctionalInterface
  public interface Body {
    JsonNode apply(List<JsonNode> args, FunctionContext context);
  }

  public String arity() {
    if (minArgs == maxArgs) {
      return minArgs + (minArgs == 1 ? " argument" : " arguments");
    }
    return maxArgs < 0
        ? "at least " + minArgs + " arguments"
        : minArgs + " to " + maxArgs + " arguments";
  }
}
