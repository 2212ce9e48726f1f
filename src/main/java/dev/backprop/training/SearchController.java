package dev.backprop.training;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
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
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping(path = "/api/v1/searches", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Searches", description = "Hyperparameter search: trials drawn from a space, scored by cross-validation,"
        + " run as training jobs on every instance; a leaderboard; refit the winner")
class SearchController {

    private static final String EXAMPLE = """
            {"datasetId": "8f235599-8097-41ca-9a6a-236a41a6a7ca", "name": "moons-search",
             "base": {"model": {"hiddenLayers": [8]}, "training": {"epochs": 200, "optimizer": {"type": "ADAM"}}},
             "space": {"training.learningRate": {"logFloat": [0.001, 0.1]},
                       "model.hiddenLayers": {"choice": [[4], [16], [16, 16]]},
                       "training.l2": {"float": [0, 0.01]}},
             "strategy": {"type": "RANDOM"},
             "objective": {"metric": "LOSS", "direction": "MINIMIZE"},
             "evaluation": {"folds": 5},
             "budget": {"maxTrials": 20, "parallelism": 2},
             "seed": 0, "promote": {"alias": "champion"}}""";

    private final SearchService service;
    private final SearchEvents events;

    SearchController(SearchService service, SearchEvents events) {
        this.service = service;
        this.events = events;
    }

    /** What a dry run resolves the request to: the settings and every trial's values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DryRunResponse(boolean valid, String name, UUID datasetId, SearchStrategy strategy, SearchMetric metric,
            SearchRequest.Direction direction,
            @Schema(description = "k of k-fold cross-validation; 0 with a validation split") int folds,
            Double validationFraction, int parallelism, int maxFailedTrials, Instant deadline, long seed,
            @Schema(description = "successive halving's factor; absent when the search does not halve") Integer halvingFactor,
            @Schema(description = "each rung's epochs; absent when the search does not halve") List<Integer> rungEpochs,
            @Schema(description = "training runs in all: trials x folds (successive halving: of its first rung)") int runs,
            List<DryRunTrial> trials) {
    }

    @Schema(name = "SearchDryRunTrial")
    record DryRunTrial(int number, Map<String, Object> parameters, long parameterCount, int epochs) {
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startSearch", summary = "Start a hyperparameter search",
            description = """
                    Draws the trials (GRID: every combination of the space's choice and int values; RANDOM: \
                    budget.maxTrials distinct draws from the seed), checks every one against the dataset as a training \
                    job would be checked (a 400 names each problem by the space path or base field at fault; the \
                    trials are checked once the request itself is sound), \
                    stores the search and queues its first runs: 202 with a Location header. Each trial trains once \
                    per fold (k-fold cross-validation, stratified for classes, the same folds for every trial) or \
                    once on a validation split, as training jobs that any instance runs. Its score is the objective \
                    on the held-out rows, averaged over folds. With strategy.halving, trials train in rungs of growing \
                    epochs and only the best 1/factor of each rung go on (the others end PRUNED). With promote, a \
                    search that succeeds ends by refitting its best trial on every row as a training job of its name \
                    (refitJobId) and moving promote.alias to that model's version. Runs queued or running at once: budget.parallelism, \
                    within the caller's backprop.training.max-active-jobs. Read GET /{id} and GET /{id}/trials; \
                    refit a trial on every row with POST /{id}/trials/{number}/refit.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = SearchRequest.class),
            examples = @ExampleObject(name = "random", summary = "Twenty random trials, five folds each", value = EXAMPLE)))
    @ApiResponse(responseCode = "202", description = "Stored; its first runs queued. Location names the search")
    @ApiResponse(responseCode = "400", description = "The space, a trial or a setting does not fit; errors lists every"
            + " problem")
    ResponseEntity<SearchResponse> submit(@RequestBody SearchRequest request) {
        SearchResponse search = service.submit(request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/searches/" + search.id())).body(search);
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(path = "/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "dryRunSearch", summary = "Check a search without starting it",
            description = "Runs every check POST /api/v1/searches runs and answers the settings and every trial's"
                    + " values, without storing anything.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = SearchRequest.class),
            examples = @ExampleObject(name = "random", summary = "Twenty random trials, five folds each", value = EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The request is valid and draws these trials")
    @ApiResponse(responseCode = "400", description = "The space, a trial or a setting does not fit; errors lists every"
            + " problem")
    @SuppressWarnings("unchecked")
    DryRunResponse dryRun(@RequestBody SearchRequest request) {
        SearchService.Plan plan = service.check(request);
        List<DryRunTrial> trials = plan.trials().stream().map(t -> new DryRunTrial(t.number(),
                (Map<String, Object>) (Map<String, ?>) t.parameters(), t.parameterCount(), t.plan().training().epochs()))
                .toList();
        return new DryRunResponse(true, plan.name(), plan.dataset().id(), plan.strategy(), plan.metric(),
                SearchRequest.Direction.of(plan.maximize()), plan.folds(),
                plan.validationFraction(), plan.parallelism(), plan.maxFailedTrials(), plan.deadline(), plan.seed(),
                plan.halvingFactor(), plan.rungEpochs(), trials.size() * plan.runsPerTrial(), trials);
    }

    @RequiresRole(Role.READ)
    @GetMapping
    @Operation(operationId = "listSearches", summary = "List searches", description = "Newest first, paged, optionally"
            + " only those in one status.")
    PageResponse<SearchResponse> list(
            @Parameter(description = "RUNNING, SUCCEEDED, FAILED or CANCELLED") @RequestParam(required = false) SearchStatus status,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return service.list(status, page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getSearch", summary = "Get a search",
            description = "Status, trials by status, the best trial so far with its values and score, why it ended.")
    @ApiResponse(responseCode = "200", description = "The search")
    SearchResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}/trials")
    @Operation(operationId = "getSearchTrials", summary = "A search's leaderboard",
            description = "Every trial, best first: its values, score (mean over folds) and standard deviation, each"
                    + " fold's score, epochs trained, training time, the network's size, and its training jobs.")
    @ApiResponse(responseCode = "200", description = "The trials")
    LeaderboardResponse trials(@PathVariable UUID id) {
        return service.leaderboard(id);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamSearchEvents", summary = "Stream a search's progress",
            description = "Server-Sent Events: a `progress` event with the search whenever its status, its trials'"
                    + " counts by status or its best trial change, until it ends; the last event is `end`.")
    @ApiResponse(responseCode = "200", description = "An event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "Server-Sent Events: `event: progress` or `event: end`, each with `data:` the search"
                            + " as JSON (a SearchResponse)",
                    example = "event:progress\ndata:{\"id\": \"5d0e3a8e-4f4c-4d7e-9a53-0c2a3c8a9b11\", \"status\":"
                            + " \"RUNNING\", \"trialCounts\": {\"SUCCEEDED\": 3, \"RUNNING\": 1, \"PENDING\": 6}}\n\n")))
    SseEmitter events(@PathVariable UUID id) {
        SearchResponse current = service.get(id);
        return EventStreams.<SearchResponse>open("search " + id, listener -> events.subscribe(id, current, listener));
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelSearch", summary = "Cancel a search",
            description = "No further trial starts and the running ones are cancelled, as is its refit; the search ends"
                    + " CANCELLED once they have, keeping the trials that finished and its best.")
    @ApiResponse(responseCode = "200", description = "Cancellation requested; the search as it stands")
    @ApiResponse(responseCode = "409", description = "The search has already ended",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    SearchResponse cancel(@PathVariable UUID id) {
        return service.cancel(id);
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping("/{id}/trials/{number}/refit")
    @Operation(operationId = "refitSearchTrial", summary = "Train a trial's spec on every row",
            description = "Starts a training job with the trial's model and training settings on the whole dataset (no"
                    + " held-out rows, so no early stopping unless the base asked for it) under the search's name: its"
                    + " model is the next version of that name. Any trial may be refit, finished or not: its spec is"
                    + " known from the start. 202 with the job, as POST /api/v1/training-jobs.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job")
    @ApiResponse(responseCode = "429", description = "The caller has its limit of jobs queued or running")
    ResponseEntity<JobResponse> refit(@PathVariable UUID id, @PathVariable int number) {
        JobResponse job = service.refit(id, number);
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }
}
