package io.themisdb.platform.databases;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.engine.spi.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's one {@link EngineHost}, encrypting attributes with the tenants' keys (the {@link
 * FieldCipher} bean) and running exact vector and geo batches on the GPU service (the {@link
 * EngineExtensions} bean of the gpu package). Spring closes it at shutdown after the beans that use
 * it (open transactions, index builds), since they depend on it, and before the GPU service.
 */
@Configuration(proxyBeanMethods = false)
class EngineHosting {

  @Bean(destroyMethod = "close")
  EngineHost engineHost(
      DatabaseSettings settings, EngineExtensions extensions, FieldCipher fieldCipher) {
    return EngineHost.start(settings.engine(), extensions.withFieldCipher(fieldCipher));
  }
}
