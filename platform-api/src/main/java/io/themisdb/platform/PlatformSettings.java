package io.themisdb.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by the whole platform ({@code themis.*}).
 *
 * @param dataDir where the embedded control plane (H2) and the tenants' RocksDB databases live;
 *     default {@code ./data}, relative to the working directory
 */
@ConfigurationProperties("themis")
public record PlatformSettings(@DefaultValue("./data") Path dataDir) {}
