package io.themisdb.platform.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One password encoder for user passwords and API client secrets. Hashes carry their algorithm
 * ({@code {bcrypt}…}), so a stronger one can take over later without invalidating stored hashes.
 */
@Configuration(proxyBeanMethods = false)
class PasswordEncoding {

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }
}
