# syntax=docker/dockerfile:1

# Build with the project's own wrapper on a JDK 25; the Maven cache mount keeps rebuilds quick.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# -Dbackprop.app-only: the image needs neither the tests nor what only they use
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -Dbackprop.app-only dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -Dbackprop.app-only package \
    && cp target/backprop-service.jar /backprop-service.jar

# Run on a JRE 25 as an unprivileged user. The JRE image has no curl (the healthcheck needs it); the
# charts need fontconfig and a font.
FROM eclipse-temurin:25-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system backprop \
    && useradd --system --gid backprop --home-dir /app --no-create-home backprop \
    && mkdir -p /app/data \
    && chown backprop:backprop /app/data
WORKDIR /app
COPY --from=build /backprop-service.jar /tmp/backprop-service.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# JDK 25's ahead-of-time cache, so a container starts from the classes already loaded and linked: the
# jar extracted to a plain classpath the cache can name, and a training run that starts the context on
# an in-memory database and exits once it is refreshed (bin/backprop --aot-cache does the same).
# The Vector API for the engine; the ONNX export's protobuf reads memory through sun.misc.Unsafe.
RUN java -Djarmode=tools -jar /tmp/backprop-service.jar extract --destination /app/lib-app \
    && rm /tmp/backprop-service.jar \
    && java --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
        -XX:AOTCacheOutput=/app/backprop.aot -Dspring.context.exit=onRefresh \
        -jar /app/lib-app/backprop-service.jar --spring.datasource.url=jdbc:h2:mem:aot-training
USER backprop
EXPOSE 8080
# On the default profile the H2 database lives in /app/data: mount a volume there to keep it.
VOLUME /app/data
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow", \
    "-XX:AOTCache=/app/backprop.aot", "-jar", "/app/lib-app/backprop-service.jar"]
