# Standalone GPU service image (gpu-service-app): build with the Maven wrapper on JDK 25, run the
# Boot jar on a JRE 25. The CUDA driver comes from the host through the NVIDIA container toolkit
# (compose: gpus); without it the service runs on the CPU and its health says so.
# docker build -f deploy/gpu-service.Dockerfile -t themisdb-gpu-service .
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q install -DskipTests -pl gpu-service-app -am

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 themis
USER themis
COPY --from=build /src/gpu-service-app/target/gpu-service-app-*.jar /opt/themis/gpu-service-app.jar
EXPOSE 8090
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", \
            "-jar", "/opt/themis/gpu-service-app.jar"]
