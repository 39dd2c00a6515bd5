package io.themisdb.platform.databases;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.spi.EngineExtensions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's one {@link EngineHost}. Spring closes it at shutdown after the beans that use it
 * (open transactions, index builds), since they depend on it, and before the GPU service it uses
 * through {@link EngineExtensions} (gpu package).
 */
@Configuration(proxyBeanMethods = false)
class EngineHosting {

  @Bean(destroyMethod = "close")
  EngineHost engineHost(DatabaseSettings settings, EngineExtensions extensions) {
    return EngineHost.start(settings.engine(), extensions);
  }
}
