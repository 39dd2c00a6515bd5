package io.themisdb.platform.keys;

import io.themisdb.encryption.TenantKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process's tenant keys; the engine reaches them through {@link TenantFieldCipher}. */
@Configuration(proxyBeanMethods = false)
class KeyHosting {

  @Bean(destroyMethod = "close")
  TenantKeys tenantKeys(KeySettings settings) {
    return TenantKeys.open(settings.tenantKeys());
  }
}
