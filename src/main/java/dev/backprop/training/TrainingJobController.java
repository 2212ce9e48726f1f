package dev.backprop.training;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.Charts;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping(path = "/api/v1/training-jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Training jobs", description = "Train a network on a dataset, asynchronously; watch, cancel, read its history")
class TrainingJobController {

    private final TrainingJobService service;
    private final TrainingJobEvents events;

    TrainingJobController(TrainingJobService service, TrainingJobEvents events) {
        this.service = service;
        this.events = events;
    }

    /** What a dry run resolves the request to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DryRunResponse(boolean valid, long seed, TrainingPlan.Network model, TrainingPlan.Training training,
            double validationFraction,
            @Schema(description = "the stored model training would continue from") UUID from) {
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startTrainingJob", summary = "Start a training job",
            description = """
                    Checks the spec against the dataset (input and output widths, loss against output activation, \
                    every number in range; all problems in one 400), stores the job and queues it: 202 Accepted with \
                    a Location header and the job. Poll GET /{id}, stream GET /{id}/events, read GET /{id}/history. \
                    Defaults make a minimal request work: hidden layers of TANH, SOFTMAX + cross-entropy for classes \
                    or IDENTITY + squared error for regression, SGD at 0.01, 100 epochs, batches of 32, standardized \
                    inputs. An Idempotency-Key header makes a retried POST return the same job; the key reused \
                    for a different request is a 422. POST /dry-run checks a request without starting it. Limits (400 naming the figure and the property): parameters per network \
                    (backprop.training.max-parameters), epochs x training rows x parameters per job \
                    (backprop.training.max-work); a job running past backprop.training.max-duration ends FAILED; \
                    a caller with backprop.training.max-active-jobs jobs queued or running gets 429 with \
                    Retry-After.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = TrainingJobRequest.class),
            examples = {
                    @ExampleObject(name = "minimal", summary = "Moons, one hidden layer of 3, everything else by default",
                            value = """
                                    {"dataset": {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}},
                                     "model": {"hiddenLayers": [3]}}"""),
                    @ExampleObject(name = "britz", summary = "Britz's moons network: tanh 3, softmax, L2, full batch",
                            value = """
                                    {"dataset": {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}},
                                     "name": "britz-moons",
                                     "model": {"hiddenLayers": [3], "activation": "TANH", "standardize": false},
                                     "training": {"epochs": 20000, "batchSize": 0, "shuffle": false, "reduction": "SUM",
                                                  "learningRate": 0.01, "l2": 0.01, "seed": 0}}"""),
                    @ExampleObject(name = "adam", summary = "Spirals, two ReLU layers, Adam, validation and early stopping",
                            value = """
                                    {"dataset": {"name": "spirals", "generator": {"type": "spirals", "samples": 300, "classes": 3, "seed": 1}},
                                     "model": {"layers": [{"units": 32, "activation": "RELU", "dropout": 0.1},
                                                          {"units": 16, "activation": "RELU"}], "initialization": "HE"},
                                     "training": {"epochs": 500, "batchSize": 32, "learningRate": 0.01,
                                                  "optimizer": {"type": "ADAM"}, "validationFraction": 0.2,
                                                  "earlyStopping": {"patience": 20}}}""")
            }))
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = JobResponse.class),
                    examples = @ExampleObject(name = "queued", value = """
                            {"id": "1b7ef39f-d06c-437f-831b-587fd6f2b866", "name": "moons",
                             "datasetId": "8f235599-8097-41ca-9a6a-236a41a6a7ca", "status": "QUEUED", "epoch": 0,
                             "totalEpochs": 2000, "fractionDone": 0.0, "seed": 3036798003, "cancelRequested": false,
                             "createdAt": "2026-11-23T20:36:03.786345Z"}""")))
    @ApiResponse(responseCode = "400", description = "The spec does not fit the dataset or a limit; errors lists every problem")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before for a different request")
    @ApiResponse(responseCode = "429", description = "The caller has its limit of jobs queued or running; Retry-After says"
            + " when to try again")
    ResponseEntity<JobResponse> submit(@RequestBody TrainingJobRequest request,
            @Parameter(description = "a retried POST with the same key returns the same job")
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 200) String idempotencyKey,
            @Parameter(hidden = true) @RequestParam(required = false) String dryRun) {
        if (dryRun != null) {
            // the dry run was once this parameter: a caller still sending it must not start a job by mistake
            throw new InvalidRequestException("dryRun",
                    "is no longer a parameter: POST /api/v1/training-jobs/dry-run checks a request");
        }
        JobResponse job = service.submit(request, idempotencyKey);
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(path = "/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "dryRunTrainingJob", summary = "Check a training job without starting it",
            description = """
                    Runs every check POST /api/v1/training-jobs runs (all problems in one 400) and answers what the \
                    request resolves to - the network, the training settings and the seed - without storing anything.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = TrainingJobRequest.class),
            examples = @ExampleObject(name = "minimal", summary = "Moons, one hidden layer of 3, everything else by default",
                    value = """
                            {"dataset": {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}},
                                     "model": {"hiddenLayers": [3]}}""")))
    @ApiResponse(responseCode = "200", description = "The request is valid and resolves to this")
    @ApiResponse(responseCode = "400", description = "The spec does not fit the dataset or a limit; errors lists every problem")
    DryRunResponse dryRun(@RequestBody TrainingJobRequest request) {
        TrainingJobService.Plan plan = service.check(request);
        return new DryRunResponse(true, plan.plan().seed(), plan.plan().model(), plan.plan().training(),
                plan.plan().validationFraction(), plan.plan().from());
    }

    @RequiresRole(Role.READ)
    @GetMapping
    @Operation(operationId = "listTrainingJobs", summary = "List training jobs", description = "Newest first, paged, optionally only those in one status.")
    PageResponse<JobResponse> list(
            @Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") @RequestParam(required = false) JobStatus status,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return service.list(status, page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getTrainingJob", summary = "Get a training job",
            description = "Status, epoch of total, fraction done, elapsed and estimated remaining time, latest and best losses and metrics, the model id once SUCCEEDED, the reason once it ended.")
    @ApiResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = JobResponse.class),
                    examples = @ExampleObject(name = "succeeded", value = """
                            {"id": "1b7ef39f-d06c-437f-831b-587fd6f2b866", "name": "moons",
                             "datasetId": "8f235599-8097-41ca-9a6a-236a41a6a7ca", "status": "SUCCEEDED", "epoch": 2000,
                             "totalEpochs": 2000, "fractionDone": 1.0, "elapsedSeconds": 0.672, "remainingSeconds": 0.0,
                             "trainLoss": 0.1987, "trainMetric": 0.94, "bestEpoch": 2000, "bestLoss": 0.1987,
                             "learningRate": 0.01, "modelId": "a7882581-83a5-4738-b8e2-9920ada0e042",
                             "reason": "trained all 2000 epochs", "seed": 3036798003, "cancelRequested": false,
                             "createdAt": "2026-11-23T20:36:03.786345Z", "startedAt": "2026-11-23T20:36:04.842205Z",
                             "finishedAt": "2026-11-23T20:36:05.514756Z"}""")))
    JobResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelTrainingJob", summary = "Cancel a training job",
            description = "Flags a queued or running job to stop; it ends CANCELLED within about an epoch and keeps its history. Works from any instance.")
    @ApiResponse(responseCode = "200", description = "Cancellation requested; the job as it stands")
    @ApiResponse(responseCode = "409", description = "The job has already ended",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    JobResponse cancel(@PathVariable UUID id) {
        return service.cancel(id);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}/history")
    @Operation(operationId = "getTrainingHistory", summary = "Read a job's loss history",
            description = "Per epoch: train and validation loss, metrics and learning rate. Every epoch up to backprop.training.history-points (1000), evenly spaced epochs beyond, always the first and the last.")
    @ApiResponse(responseCode = "200", description = "The history")
    HistoryResponse history(@PathVariable UUID id) {
        return service.history(id);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/history/chart", produces = {MediaType.IMAGE_PNG_VALUE, "image/svg+xml"})
    @Operation(operationId = "getTrainingHistoryChart", summary = "A job's loss or metric curves as an image",
            description = "Train and validation curves from the job's history, drawn on the server (XChart): the loss "
                    + "or the metric (accuracy for classes, R² for regression). "
                    + "PNG or SVG, 200 to 2000 pixels each way; a running job's chart grows as it trains.")
    @ApiResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string"))})
    ResponseEntity<byte[]> historyChart(@PathVariable UUID id,
            @Parameter(description = "LOSS (default) or METRIC") @RequestParam(defaultValue = "LOSS") HistoryChart.Curve curve,
            @Parameter(description = "PNG (default) or SVG") @RequestParam(defaultValue = "PNG") Charts.Format format,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "800")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int width,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "500")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int height) {
        JobResponse job = service.get(id);
        return Charts.response(HistoryChart.of(job.name(), service.history(id), curve, width, height), format);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/charts/decision-boundary", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getTrainingDecisionBoundary", summary = "A job's decision boundary as an image, while it trains",
            description = "As a model's decision boundary, with the job's dataset's points over it: from the network as "
                    + "it stood at its last snapshot (every 2 s) while the job runs on the instance asked, from its model "
                    + "once it has succeeded. 404 before the first snapshot, or while another instance runs it.")
    @ApiResponse(responseCode = "200", description = "The chart",
            content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<byte[]> decisionBoundary(@PathVariable UUID id,
            @Parameter(description = "the feature along the horizontal axis", required = true) @RequestParam String x,
            @Parameter(description = "the feature along the vertical axis", required = true) @RequestParam String y,
            @Parameter(description = "grid points per axis, 10 to 300") @RequestParam(defaultValue = "80")
            @Min(10) @Max(300) int resolution,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "560")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int width,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "420")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int height) {
        return Charts.response(service.boundaryChart(id, x, y, resolution, width, height), Charts.Format.PNG);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamTrainingJobEvents", summary = "Stream a job's progress",
            description = "Server-Sent Events: a `progress` event with the job whenever its epoch or status changes, until it ends; the last event is `end`.")
    @ApiResponse(responseCode = "200", description = "An event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "Server-Sent Events: `event: progress` or `event: end`, each with `data:` the job as JSON"
                            + " (a JobResponse)",
                    example = "event:progress\ndata:{\"id\": \"1b7ef39f-d06c-437f-831b-587fd6f2b866\", \"status\": \"RUNNING\","
                            + " \"epoch\": 120, \"totalEpochs\": 2000}\n\n")))
    SseEmitter events(@PathVariable UUID id) {
        JobResponse current = service.get(id);
        return EventStreams.<JobResponse>open("job " + id, listener -> events.subscribe(id, current, listener));
    }
}
