package io.themisdb.gpu.accelerator;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Picks the accelerator at start-up by id. An unknown id fails with the known ids in the message. A
 * GPU accelerator that cannot run here (no driver, {@link UnsatisfiedLinkError}, no device) falls
 * back to {@code cpu}, and says so once, at WARNING, with the reason.
 */
public final class AcceleratorSelection {

  /** The id that is always available and the fallback for every other. */
  public static final String CPU = "cpu";

  private final Map<String, AcceleratorFactory> factories;
  private final System.Logger log;

  AcceleratorSelection(List<AcceleratorFactory> factories, System.Logger log) {
    var byId = new TreeMap<String, AcceleratorFactory>();
    for (AcceleratorFactory factory : factories) {
      if (byId.putIfAbsent(factory.id(), factory) != null) {
        throw new IllegalStateException("two accelerator factories have id " + factory.id());
      }
    }
    this.factories = byId;
    this.log = log;
  }

  /** The factories registered in {@code META-INF/services}. */
  public static AcceleratorSelection fromServiceLoader() {
    var loaded =
        ServiceLoader.load(AcceleratorFactory.class, AcceleratorFactory.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    return new AcceleratorSelection(loaded, System.getLogger(AcceleratorSelection.class.getName()));
  }

  /** Ids of the registered factories, sorted. */
  public List<String> ids() {
    return List.copyOf(factories.keySet());
  }

  /**
   * The factory registered as {@code id}.
   *
   * @throws IllegalArgumentException when no factory has that id
   */
  public AcceleratorFactory factory(String id) {
    AcceleratorFactory factory = factories.get(id);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown accelerator '" + id + "'; known accelerators: " + String.join(", ", ids()));
    }
    return factory;
  }

  /**
   * A new accelerator of kind {@code id}, or the CPU accelerator when {@code id} cannot run here.
   *
   * @throws IllegalArgumentException when no factory has that id
   */
  public Accelerator select(String id, AcceleratorSettings settings) {
    AcceleratorFactory requested = factory(id);
    try {
      return requested.create(settings);
    } catch (AcceleratorUnavailableException | LinkageError e) {
      // LinkageError: a factory that let an UnsatisfiedLinkError (missing native library) escape.
      if (id.equals(CPU)) {
        throw e;
      }
      log.log(
          Level.WARNING,
          "accelerator ''{0}'' is unavailable ({1}); falling back to ''{2}''",
          id,
          e.getMessage(),
          CPU);
      return factory(CPU).create(settings);
    }
  }
}
