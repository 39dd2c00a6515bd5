package io.themisdb.encryption.kms;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one KMS provider, as flat string pairs so that any factory found through {@link
 * java.util.ServiceLoader} can read its own keys (platform-api binds them from {@code
 * themisdb.encryption.kms.*}). Values are configuration, never key material.
 */
public record KmsSettings(Map<String, String> values) {

  public KmsSettings {
    values = Map.copyOf(values);
  }

  public static KmsSettings of(Map<String, String> values) {
    return new KmsSettings(values);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
  }

  public Path path(String key, Path defaultValue) {
    return get(key).map(Path::of).orElse(defaultValue);
  }
}
