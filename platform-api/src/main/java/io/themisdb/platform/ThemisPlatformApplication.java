package io.themisdb.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The ThemisDB Cloud platform: composition root of all modules and host of the /v1 API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ThemisPlatformApplication {

  public static void main(String[] args) {
    SpringApplication.run(ThemisPlatformApplication.class, args);
  }
}
