package io.themisdb.engine.aql.functions;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every AQL function, by upper-case name. */
public final class FunctionLibrary {

  private static final Map<String, AqlFunction> FUNCTIONS = build();

  private FunctionLibrary() {}

  public static Optional<AqlFunction> find(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name.toUpperCase()));
  }

  public static Iterable<String> names() {
    return FUNCTIONS.keySet();
  }

  /** Registers functions of one area. */
  interface Registrar {
    void add(String name, int minArgs, int maxArgs, AqlFunction.Body body);

    /** Registers {@code alias} as another name of the already registered {@code name}. */
    void alias(String alias, String name);
  }

  private static Map<String, AqlFunction> build() {
    Map<String, AqlFunction> all = new TreeMap<>();
    Registrar r =
        new Registrar() {
          @Override
          public void add(String name, int min, int max, AqlFunction.Body body) {
            if (all.put(name, new AqlFunction(name, min, max, body)) != null) {
              throw new IllegalStateException("function " + name + " registered twice");
            }
          }

          @Override
          public void alias(String alias, String name) {
            AqlFunction f = all.get(name);
            all.put(alias, new AqlFunction(alias, f.minArgs(), f.maxArgs(), f.body()));
          }
        };
    TypeFunctions.register(r);
    StringFunctions.register(r);
    NumericFunctions.register(r);
    ArrayFunctions.register(r);
    ObjectFunctions.register(r);
    DateFunctions.register(r);
    DocumentFunctions.register(r);
    GeoFunctions.register(r);
    VectorFunctions.register(r);
    return Map.copyOf(all);
  }
}
