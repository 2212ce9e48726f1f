package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Two admins revoking each other at once, through two instances on one PostgreSQL, leave one admin. */
@ExtendWith(PostgresAvailability.class)
class ApiKeyClusterTests {

    private record Key(String secret, UUID id) {
    }

    @Test
    void twoAdminsRevokingEachOtherAtOnceLeaveOne() throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_keys_");
             ConfigurableApplicationContext first = start(server, "instance-a");
             ConfigurableApplicationContext second = start(server, "instance-b");
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int[] ports = {port(first), port(second)};
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            Key survivor = new Key(Http.ADMIN_KEY, validAdmins(jdbc).getFirst());
            for (int round = 0; round < 10; round++) {
                JsonNode made = new Http(ports[0]).as(survivor.secret()).postJson("/api/v1/api-keys",
                        "{\"name\": \"admin-" + round + "\", \"role\": \"ADMIN\"}").json();
                Key other = new Key(made.get("key").asString(), UUID.fromString(made.get("id").asString()));
                Key[] pair = {survivor, other};
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Key revoker = pair[i];
                    Key revoked = pair[1 - i];
                    Http http = new Http(ports[i]).as(revoker.secret());
                    answers.add(pool.submit(() -> {
                        together.await();
                        return http.delete("/api/v1/api-keys/" + revoked.id()).status();
                    }));
                }
                List<Integer> statuses = List.of(answers.get(0).get(), answers.get(1).get());

                // one revocation wins; the other is refused as the last admin's (422), or finds its own key
                // already revoked (401) when the winner committed before it was let in
                assertThat(statuses).as("round %d", round).containsOnlyOnce(204)
                        .allSatisfy(status -> assertThat(status).isIn(204, 422, 401));
                List<UUID> left = validAdmins(jdbc);
                assertThat(left).as("round %d", round).hasSize(1);
                survivor = left.getFirst().equals(survivor.id()) ? survivor : other;
            }
        }
    }

    private static List<UUID> validAdmins(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT id FROM api_key WHERE role = 'ADMIN' AND revoked_at IS NULL", UUID.class);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext start(PostgresServer server, String name) {
        List<String> arguments = new ArrayList<>(server.arguments());
        arguments.addAll(List.of("--server.port=0", "--backprop.scheduler.name=" + name));
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
