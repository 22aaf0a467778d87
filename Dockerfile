# syntax=docker/dockerfile:1.7
# One image per app of sagashop, chosen with MODULE (and its PORT); see docs/adr/0010-container-images.md.
#   docker build --build-arg MODULE=orders-service --build-arg PORT=8081 -t sagashop/orders-service .
# docker compose builds all six; the CI workflow builds them for linux/amd64 and linux/arm64.

# 1. Build the app's executable jar with the reactor (the module and what it depends on).
FROM maven:3.9.11-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "Set --build-arg MODULE=<app module>" >&2; exit 1; }; \
    mvn -B -q -DskipTests -Dspring-javaformat.skip=true -pl "${MODULE}" -am package \
 && mkdir -p /out \
 && cp "${MODULE}/target/${MODULE}-exec.jar" /out/app.jar \
 && javac --release 17 -d /out/healthcheck docker/HealthCheck.java
# 2. Split it into Spring Boot's layers: dependencies change rarely, the application often,
#    so a rebuild after a code change ships only the last layer.
WORKDIR /out
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# 3. The runtime: a JRE (multi-arch: amd64 and arm64), the layers, a user that is not root.
FROM eclipse-temurin:17.0.16_8-jre-noble
ARG MODULE
ARG PORT=8080
# /var/lib/sagashop: state an app keeps (auth-server's signing key), owned by the app's user so
# that a volume mounted there is writable.
RUN groupadd --system --gid 10001 sagashop \
 && useradd --system --uid 10001 --gid sagashop --no-create-home --shell /usr/sbin/nologin sagashop \
 && mkdir -p /var/lib/sagashop/auth && chown -R 10001:10001 /var/lib/sagashop
WORKDIR /app
COPY --from=build /out/extracted/dependencies/ ./
COPY --from=build /out/extracted/spring-boot-loader/ ./
COPY --from=build /out/extracted/snapshot-dependencies/ ./
COPY --from=build /out/extracted/application/ ./
COPY --from=build /out/healthcheck/ /opt/healthcheck/
ENV SERVER_PORT=${PORT} \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
LABEL org.opencontainers.image.title="sagashop ${MODULE}" \
      org.opencontainers.image.description="sagashop: ${MODULE}"
USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx16m", "-cp", "/opt/healthcheck", "HealthCheck"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
