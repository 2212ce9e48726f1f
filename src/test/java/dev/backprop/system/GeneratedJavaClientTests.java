package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import backprop.client.ApiClient;
import backprop.client.ApiException;
import backprop.client.api.DatasetsApi;
import backprop.client.api.ModelsApi;
import backprop.client.api.OpenInferenceProtocolV2Api;
import backprop.client.api.PredictionsApi;
import backprop.client.api.TrainingJobsApi;
import backprop.client.model.CreateDatasetRequest;
import backprop.client.model.DatasetSummary;
import backprop.client.model.DryRunResponse;
import backprop.client.model.GeneratorSpec;
import backprop.client.model.JobResponse;
import backprop.client.model.ModelRequest;
import backprop.client.model.ModelSummary;
import backprop.client.model.PredictRequest;
import backprop.client.model.PredictResponse;
import backprop.client.model.TrainingJobRequest;
import backprop.client.model.TrainingRequest;
import dev.backprop.support.Http;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The round trip a new user makes, through the Java client OpenAPI Generator makes from the committed
 * document (docs/openapi.json, which OpenApiDocumentTests holds equal to the served one), used as
 * generated: its defaults, its types, its Accept headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:endpoints;DB_CLOSE_DELAY=-1")
class GeneratedJavaClientTests {

    @LocalServerPort
    int port;

    @Test
    void createsADatasetTrainsOnItAndPredicts() throws Exception {
        ApiClient client = new ApiClient().setBasePath("http://localhost:" + port);
        client.setBearerToken(Http.ADMIN_KEY);
        DatasetsApi datasets = new DatasetsApi(client);
        TrainingJobsApi jobs = new TrainingJobsApi(client);
        ModelsApi models = new ModelsApi(client);

        DatasetSummary dataset = datasets.createDataset(new CreateDatasetRequest().name("java-moons")
                .generator(new GeneratorSpec().type(GeneratorSpec.TypeEnum.MOONS).samples(200).noise(0.2).seed(0L)));
        assertThat(dataset.getRows()).isEqualTo(200);

        TrainingJobRequest request = new TrainingJobRequest().datasetId(dataset.getId()).name("java-moons")
                .model(new ModelRequest().hiddenLayers(List.of(8)))
                .training(new TrainingRequest().epochs(300).learningRate(0.1).seed(1L));
        DryRunResponse plan = jobs.dryRunTrainingJob(request);
        assertThat(plan.getValid()).isTrue();
        assertThat(plan.getModel().getLayers()).hasSize(2);

        JobResponse started = jobs.startTrainingJob(request, null);
        assertThat(started.getId()).isNotNull();
        JobResponse ended = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.getTrainingJob(started.getId()),
                        job -> job.getStatus() != JobResponse.StatusEnum.QUEUED && job.getStatus() != JobResponse.StatusEnum.RUNNING);
        assertThat(ended.getStatus()).as(ended.getReason()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
        assertThat(jobs.getTrainingHistory(ended.getId()).getPoints()).hasSize(300);
        File chart = jobs.getTrainingHistoryChart(ended.getId(), null, null, null, null);
        assertThat(Files.readAllBytes(chart.toPath())).startsWith(0x89, 'P', 'N', 'G');

        ModelSummary model = models.getModel(ended.getModelId());
        assertThat(model.getCharts().getConfusionMatrix()).isNotBlank();
        File onnx = models.exportModelOnnx(model.getId(), null);
        assertThat(onnx.length()).isPositive();

        PredictResponse answer = new PredictionsApi(client).predict(model.getId(),
                new PredictRequest().inputs(List.of(List.of(0.5, 0.25), List.of(1.5, -0.4))));
        assertThat(answer.getPredictions()).hasSize(2)
                .allSatisfy(p -> assertThat(p.getLabel()).isIn("0", "1"));
        assertThat(new OpenInferenceProtocolV2Api(client).modelMetadata("java-moons").getInputs()).hasSize(1);
    }

    @Test
    void readsErrorsAsProblems() {
        ApiClient client = new ApiClient().setBasePath("http://localhost:" + port);
        client.setBearerToken(Http.ADMIN_KEY);
        assertThatThrownBy(() -> new TrainingJobsApi(client).getTrainingJob(new java.util.UUID(0, 0)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseHeaders().get("Content-Type")).singleElement().asString()
                            .startsWith("application/problem+json");
                });
    }
}
