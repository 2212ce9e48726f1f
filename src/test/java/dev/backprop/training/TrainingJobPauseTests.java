package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.Jobs;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Fencing: an instance paused past the heartbeat limit (a long GC pause, a stalled VM) while another
 * took its job over and finished it wakes up still training, and stops at its next write having
 * changed nothing. The paused instance is a process of its own, stopped and continued with signals.
 */
@ExtendWith(PostgresAvailability.class)
class TrainingJobPauseTests {

    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final String STOPPED = "this one stopped without writing";

    @Test
    void aRunPausedWhileAnotherInstanceTookItsJobOverStopsAtItsNextWrite(@TempDir Path dir) throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_pause_")) {
            Path log = dir.resolve("paused.log");
            Process paused = startProcess(server, log);
            try {
                Http b = new Http(port(paused, log));
                String dataset = b.postJson("/api/v1/datasets", """
                        {"name": "moons", "generator": {"type": "moons", "samples": 1000, "noise": 0.2, "seed": 0}}""")
                        .json().get("id").asString();
                String spec = """
                        {"datasetId": "%s", "name": "paused", "model": {"hiddenLayers": [32, 32]},
                         "training": {"epochs": 3000, "seed": 7}}""".formatted(dataset);
                String id = Jobs.submit(b, spec);
                // paused mid-run, once a checkpoint is stored for the other instance to go on from
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> checkpointEpoch(server, id) > 0);
                signal(paused, "STOP");

                try (ConfigurableApplicationContext other = new SpringApplicationBuilder(BackpropApplication.class)
                        .run(arguments(server, "0").toArray(String[]::new))) {
                    Http a = new Http(((WebServerApplicationContext) other).getWebServer().getPort());
                    JsonNode done = Jobs.succeeded(a, id, DEADLINE);
                    assertThat(done.get("epoch").asInt()).isEqualTo(3000);
                    JsonNode history = a.get("/api/v1/training-jobs/" + id + "/history").json();

                    signal(paused, "CONT");
                    // the paused run trains on where it was, and its next write finds the job another's
                    await().atMost(DEADLINE).until(() -> Files.readString(log).contains(STOPPED));

                    JsonNode after = a.get("/api/v1/training-jobs/" + id).json();
                    assertThat(after.get("status").asString()).isEqualTo("SUCCEEDED");
                    assertThat(after.get("epoch").asInt()).isEqualTo(3000);
                    assertThat(after.get("modelId")).isEqualTo(done.get("modelId"));
                    assertThat(a.get("/api/v1/training-jobs/" + id + "/history").json()).isEqualTo(history);
                    assertThat(other.getBean(TrainingJobRepository.class).findById(UUID.fromString(id))
                            .orElseThrow().attempts()).isEqualTo(2);
                    JsonNode models = a.get("/api/v1/models?name=paused").json().get("content");
                    assertThat(models.size()).isEqualTo(1);

                    // the run the other instance took over ends on the weights of an uninterrupted run
                    String again = Jobs.submit(a, spec.replace("\"paused\"", "\"uninterrupted\""));
                    String uninterrupted = Jobs.succeeded(a, again, DEADLINE).get("modelId").asString();
                    assertThat(weights(a, done.get("modelId").asString())).isEqualTo(weights(a, uninterrupted));
                }
            } finally {
                signal(paused, "CONT");
                paused.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The instance to pause: this JVM's classpath in a process of its own. A transaction it is paused
     * in is ended by the database after a while, as on every PostgreSQL connection of the service.
     */
    private static Process startProcess(PostgresServer server, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BackpropApplication.class.getName()));
        command.addAll(arguments(server, "0"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> arguments(PostgresServer server, String port) {
        List<String> arguments = new ArrayList<>(server.arguments());
        arguments.addAll(List.of("--server.port=" + port, "--backprop.scheduler.polling-interval=100ms",
                "--backprop.scheduler.heartbeat-interval=250ms", "--backprop.scheduler.missed-heartbeats=4",
                "--backprop.training.progress-interval=100ms", "--backprop.training.checkpoint-interval=500ms"));
        return arguments;
    }

    private static int port(Process process, Path log) {
        int[] port = new int[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("the instance exited: %s", Files.readString(log)).isTrue();
            Matcher matcher = PORT.matcher(Files.readString(log));
            if (!matcher.find()) {
                return false;
            }
            port[0] = Integer.parseInt(matcher.group(1));
            return true;
        });
        Http http = new Http(port[0]);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/actuator/health/readiness").status() == 200);
        return port[0];
    }

    private static void signal(Process process, String signal) throws Exception {
        if (process.isAlive()) {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            assertThat(exit).isZero();
        }
    }

    private static int checkpointEpoch(PostgresServer server, String id) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.schemaUrl(), server.user(), server.password());
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT epoch FROM training_checkpoint WHERE job_id = '" + id + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static JsonNode weights(Http http, String modelId) {
        return http.get("/api/v1/models/" + modelId + "/weights").json().get("layers");
    }
}
