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
COPY --from=build /backprop-service.jar /app/backprop-service.jar
USER backprop
EXPOSE 8080
# On the default profile the H2 database lives in /app/data: mount a volume there to keep it.
VOLUME /app/data
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# The engine's product kernel uses the Vector API; without the module it falls back to scalar code.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/backprop-service.jar"]
