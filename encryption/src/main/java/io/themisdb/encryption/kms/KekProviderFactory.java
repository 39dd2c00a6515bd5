package io.themisdb.encryption.kms;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates a {@link KekProvider}; registered in {@code
 * META-INF/services/io.themisdb.encryption.kms.KekProviderFactory} and selected by {@link #id()},
 * the configuration value (for example {@code local}).
 */
public interface KekProviderFactory {

  /** The configuration value that selects this factory; unique among registered factories. */
  String id();

  /**
   * Creates a provider from its settings. The caller closes the returned provider.
   *
   * @throws IllegalArgumentException if a required setting is missing or invalid
   * @throws IllegalStateException if the provider cannot start safely (for example an exposed
   *     master key file)
   */
  KekProvider create(KmsSettings settings);

  /** Ids of every registered factory, in class-path order. */
  static List<String> registeredIds() {
    return ServiceLoader.load(KekProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .map(KekProviderFactory::id)
        .toList();
  }

  /**
   * The registered factory with this id.
   *
   * @throws IllegalArgumentException naming the known ids when none matches, so that a typo in the
   *     configuration fails at start-up rather than at the first encryption
   */
  static KekProviderFactory byId(String id) {
    return ServiceLoader.load(KekProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(factory -> factory.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown KMS provider '" + id + "'; registered providers: " + registeredIds()));
  }
}
