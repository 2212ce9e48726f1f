package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The default embedded H2 keeps datasets in a file: a stopped and restarted service still has them. */
class DatasetRestartTests {

    @Test
    void datasetsSurviveARestart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        String id;
        String created;
        try (ConfigurableApplicationContext service = start(url)) {
            Http.Response response = http(service).postJson("/api/v1/datasets", """
                    {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""");
            assertThat(response.status()).isEqualTo(201);
            id = response.json().get("id").asString();
            created = response.body();
        }
        try (ConfigurableApplicationContext service = start(url)) {
            Http http = http(service);
            Http.Response again = http.get("/api/v1/datasets/" + id);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(new Http.Response(201, null, created).json());
            assertThat(http.get("/api/v1/datasets/" + id + "/rows?size=200").json().get("content").size())
                    .isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url);
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
