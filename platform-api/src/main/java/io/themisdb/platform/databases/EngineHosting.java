package io.themisdb.platform.databases;

import io.themisdb.engine.EngineHost;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's one {@link EngineHost}. Spring closes it at shutdown after the beans that use it
 * (open transactions, index builds), since they depend on it.
 */
@Configuration(proxyBeanMethods = false)
class EngineHosting {

  @Bean(destroyMethod = "close")
  EngineHost engineHost(DatabaseSettings settings) {
    return EngineHost.start(settings.engine());
  }
}
