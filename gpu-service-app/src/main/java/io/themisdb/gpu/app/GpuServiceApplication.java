package io.themisdb.gpu.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The standalone GPU service: {@code java -jar gpu-service-app.jar}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GpuServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(GpuServiceApplication.class, args);
  }
}
