package dev.backprop.training;

import dev.backprop.dataset.DatasetInfo;
import dev.backprop.dataset.DatasetService;
import dev.backprop.engine.RandomState;
import dev.backprop.engine.Task;
import dev.backprop.security.Caller;
import dev.backprop.system.ConstraintViolations;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.StateConflictException;
import dev.backprop.system.Violation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hyperparameter searches: checks a request - its space, every trial it draws planned against the
 * dataset as a training job would be - stores the search with its trials and starts the first runs in
 * one transaction; reads searches and their leaderboards back; cancels.
 */
@Service
class SearchService {

    /** Problems listed for one request at most: a space of many trials could otherwise fill a page. */
    private static final int MAX_PROBLEMS = 50;

    /** The longest budget.maxDuration: a deadline stays a date any database holds. */
    private static final Duration MAX_DURATION = Duration.ofDays(366);

    private final SearchRepository searches;
    private final SearchTrialRepository trials;
    private final TrainingJobRepository jobs;
    private final SearchCoordinator coordinator;
    private final DatasetService datasets;
    private final Validator validator;
    private final JsonMapper json;
    private final Clock clock;
    private final TrainingProperties properties;
    private final Submitters submitters;
    private final TrainingJobService training;
    private final SearchProperties searchProperties;
    private final TransactionTemplate tx;

    SearchService(SearchRepository searches, SearchTrialRepository trials, TrainingJobRepository jobs,
            SearchCoordinator coordinator, DatasetService datasets, Validator validator, JsonMapper json, Clock clock,
            TrainingProperties properties, Submitters submitters, TrainingJobService training,
            SearchProperties searchProperties, TransactionTemplate tx) {
        this.training = training;
        this.searchProperties = searchProperties;
        this.tx = tx;
        this.searches = searches;
        this.trials = trials;
        this.jobs = jobs;
        this.coordinator = coordinator;
        this.datasets = datasets;
        this.validator = validator;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.submitters = submitters;
    }

    /** A trial as planned: the values drawn, the training request they make and the plan it resolves to. */
    record PlannedTrial(int number, Map<String, JsonNode> parameters, TrainingJobRequest request, TrainingPlan plan,
            long parameterCount) {
    }

    /** A search as planned: its settings resolved and every trial. */
    record Plan(String name, DatasetInfo dataset, SearchStrategy strategy, SearchMetric metric, boolean maximize,
            int folds, Double validationFraction, int parallelism, int maxFailedTrials, Instant deadline, long seed,
            List<PlannedTrial> trials,
            // successive halving's factor and each rung's epochs; null when the search does not halve
            Integer halvingFactor, List<Integer> rungEpochs, boolean refit, String promoteAlias) {

        /** Training runs per trial: one per fold, or one with a validation split. */
        int runsPerTrial() {
            return Math.max(1, folds);
        }
    }

    /** Checks the request and plans every trial; throws a 400 listing the problems. Stores nothing. */
    @Transactional(readOnly = true)
    Plan check(SearchRequest request) {
        return plan(request, Instant.now(clock));
    }

    /** Stores the search and its trials and starts its first runs, in one transaction. */
    SearchResponse submit(SearchRequest request) {
        String caller = Caller.currentId();
        submitters.register(caller);
        return tx.execute(status -> submitOnce(request, caller));
    }

    private SearchResponse submitOnce(SearchRequest request, String caller) {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Plan plan = plan(request, now);
        Search search = new Search(UUID.randomUUID(), plan.name(), plan.dataset().id(), json.writeValueAsString(request),
                plan.seed(), plan.trials().size(), plan.folds(), plan.parallelism(), plan.maxFailedTrials(),
                plan.metric(), plan.maximize(), plan.deadline(), now, caller);
        if (plan.halvingFactor() != null) {
            search.halving(plan.halvingFactor(), json.writeValueAsString(plan.rungEpochs()));
        }
        search.promote(plan.refit(), plan.promoteAlias());
        searches.saveAndFlush(search);
        List<SearchTrial> rows = new ArrayList<>();
        for (PlannedTrial trial : plan.trials()) {
            rows.add(new SearchTrial(search.getId(), trial.number(), json.writeValueAsString(trial.parameters()),
                    json.writeValueAsString(trial.request()), json.writeValueAsString(trial.plan()),
                    trial.parameterCount()));
        }
        trials.saveAllAndFlush(rows);
        coordinator.advance(search);
        return response(search);
    }

    private Plan plan(SearchRequest request, Instant now) {
        List<Violation> found = new ArrayList<>(ConstraintViolations.of(validator.validate(request)));
        DatasetInfo info = request.datasetId() == null ? null : datasets.info(request.datasetId()).orElse(null);
        if (info == null) {
            if (request.datasetId() != null) {
                found.add(Violation.of("datasetId", "no dataset has id " + request.datasetId()));
            }
            throw new InvalidRequestException(found);
        }
        SearchStrategy strategy = request.strategy() == null || request.strategy().type() == null
                ? SearchStrategy.RANDOM : request.strategy().type();
        SearchMetric metric = request.objective() == null || request.objective().metric() == null
                ? SearchMetric.LOSS : request.objective().metric();
        if (!metric.appliesTo(info.task())) {
            found.add(Violation.of("objective.metric", metric + " does not score " + info.task().name().toLowerCase()
                    + (metric.appliesTo(Task.CLASSIFICATION) ? "; use LOSS, MSE, MAE or R2"
                            : "; use LOSS, ACCURACY or F1")));
        }
        boolean maximize = request.objective() == null || request.objective().direction() == null
                ? metric.maximizedByDefault() : request.objective().direction() == SearchRequest.Direction.MAXIMIZE;
        SearchRequest.Evaluation evaluation = request.evaluation();
        if (evaluation != null && evaluation.folds() != null && evaluation.validationFraction() != null) {
            found.add(Violation.of("evaluation", "give folds or validationFraction, not both"));
        }
        Double fraction = evaluation == null ? null : evaluation.validationFraction();
        int folds = fraction != null ? 0 : evaluation == null || evaluation.folds() == null ? 5 : evaluation.folds();
        if (folds > info.labelledRows()) {
            found.add(Violation.of("evaluation.folds", folds + " folds need at least " + folds
                    + " rows with their target; the dataset has " + info.labelledRows()));
        }
        SearchRequest.Budget budget = request.budget();
        int parallelism = budget == null || budget.parallelism() == null ? 1 : budget.parallelism();
        if (parallelism > properties.maxActiveJobs()) {
            found.add(Violation.of("budget.parallelism", "must be at most " + properties.maxActiveJobs()
                    + ", the jobs one caller may have queued or running (backprop.training.max-active-jobs)"));
        }
        Instant deadline = null;
        if (budget != null && budget.maxDuration() != null && budget.maxDuration().matches(SearchRequest.Budget.DURATION)) {
            Duration limit = null;
            try {
                limit = Duration.parse(budget.maxDuration());
            } catch (DateTimeParseException | ArithmeticException e) {
                // said below
            }
            if (limit == null || limit.isZero() || limit.compareTo(MAX_DURATION) > 0) {
                found.add(Violation.of("budget.maxDuration", "must be a duration above zero and at most "
                        + MAX_DURATION.toDays() + " days, such as PT30M"));
            } else {
                deadline = now.plus(limit);
            }
        }
        long seed = request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextLong(RandomState.MAX_SEED + 1);
        SearchSpace space = request.space() == null ? null : SearchSpace.of(request.space(), json, found);
        List<Map<String, JsonNode>> points = List.of();
        if (space != null) {
            Integer maxTrials = budget == null ? null : budget.maxTrials();
            if (strategy == SearchStrategy.GRID) {
                long size = space.gridSize(found);
                if (size > 0 && maxTrials != null && maxTrials < size) {
                    found.add(Violation.of("budget.maxTrials", "the grid has " + size + " points; maxTrials " + maxTrials
                            + " would leave some out (leave it out, or draw with RANDOM)"));
                } else if (size > 0) {
                    points = space.grid();
                }
            } else {
                long distinct = space.discreteSize();
                // by default ten draws, or every point of a smaller discrete space
                int count = maxTrials != null ? maxTrials : distinct >= 0 ? (int) Math.min(10, distinct) : 10;
                if (distinct >= 0 && distinct < count) {
                    found.add(Violation.of("budget.maxTrials", "the space has " + distinct + " distinct points, fewer"
                            + " than " + count + " trials: draw fewer, or run its GRID"));
                } else {
                    points = space.random(count, seed);
                }
            }
        }
        ObjectNode base = base(request, seed, folds, found);
        if (request.promote() != null && request.promote().alias() != null && !request.promote().refits()) {
            found.add(Violation.of("promote.refit", "an alias names a model: promoting to an alias needs the best trial"
                    + " refit (refit true)"));
        }
        SearchRequest.Halving halving = request.strategy() == null ? null : request.strategy().halving();
        if (halving != null) {
            checkHalving(halving, base, request.space() == null ? Set.of() : request.space().keySet(), found);
        }
        if (!found.isEmpty()) {
            throw new InvalidRequestException(found);
        }
        String name = request.name() != null && !request.name().isBlank() ? request.name() : info.name();
        List<PlannedTrial> planned = new ArrayList<>();
        for (int t = 0; t < points.size() && found.size() < MAX_PROBLEMS; t++) {
            PlannedTrial trial = trial(t, points.get(t), base, info, name, folds, fraction, seed, found);
            if (trial != null) {
                planned.add(trial);
            }
        }
        if (!found.isEmpty()) {
            throw new InvalidRequestException(distinct(found));
        }
        if (request.promote() != null && request.promote().refits()) {
            checkRefit(planned, info);
        }
        checkWork(planned, info, folds, fraction,
                halving == null ? null : rungs(halving, planned.getFirst().plan().training().epochs()),
                halving == null ? 0 : factor(halving));
        int maxFailed = budget == null || budget.maxFailedTrials() == null ? planned.size() : budget.maxFailedTrials();
        List<Integer> rungs = halving == null ? null : rungs(halving, planned.getFirst().plan().training().epochs());
        SearchRequest.Promote promote = request.promote();
        return new Plan(name, info, strategy, metric, maximize, folds, fraction, parallelism, maxFailed, deadline, seed,
                planned, halving == null ? null : factor(halving), rungs, promote != null && promote.refits(),
                promote == null ? null : promote.alias());
    }

    private static int factor(SearchRequest.Halving halving) {
        return halving.factor() == null ? 3 : halving.factor();
    }

    /**
     * Successive halving sets each rung's epochs: the space may not, and minEpochs must leave room for
     * a second rung.
     */
    private static void checkHalving(SearchRequest.Halving halving, ObjectNode base, Set<String> paths,
            List<Violation> found) {
        if (paths.contains("training.epochs")) {
            found.add(Violation.of("space.training.epochs", "successive halving sets each rung's epochs: give the last"
                    + " rung's as base.training.epochs and the first's as strategy.halving.minEpochs"));
            return;
        }
        int epochs = base.get("training").path("epochs").asInt(100);
        int min = halving.minEpochs() == null ? firstRung(epochs, factor(halving)) : halving.minEpochs();
        if (min >= epochs) {
            found.add(Violation.of("strategy.halving.minEpochs", "must be below the base's " + epochs
                    + " epochs (the last rung's): there would be one rung only"));
        }
    }

    /** The default first rung: the base's epochs over factor², at least one epoch. */
    private static int firstRung(int epochs, int factor) {
        return Math.max(1, epochs / (factor * factor));
    }

    /** Each rung's epochs: minEpochs, then factor times the one before while below the base's epochs, then those. */
    static List<Integer> rungs(SearchRequest.Halving halving, int epochs) {
        int factor = factor(halving);
        long e = halving.minEpochs() == null ? firstRung(epochs, factor) : halving.minEpochs();
        List<Integer> rungs = new ArrayList<>();
        while (e < epochs) {
            rungs.add((int) e);
            e *= factor;
        }
        rungs.add(epochs);
        return List.copyOf(rungs);
    }

    /** The base spec as a tree, its training seeded with the search's seed unless it or the space gives one. */
    private ObjectNode base(SearchRequest request, long seed, int folds, List<Violation> found) {
        SearchRequest.Base given = request.base();
        ObjectNode base = json.createObjectNode();
        base.set("model", given == null || given.model() == null ? json.createObjectNode() : json.valueToTree(given.model()));
        base.set("training", given == null || given.training() == null ? json.createObjectNode()
                : json.valueToTree(given.training()));
        Set<String> paths = request.space() == null ? Set.of() : request.space().keySet();
        if (base.get("training").has("validationFraction") || paths.contains("training.validationFraction")) {
            found.add(Violation.of(paths.contains("training.validationFraction") ? "space.training.validationFraction"
                    : "base.training.validationFraction", "the search holds rows out as its evaluation says: give"
                    + " evaluation.folds or evaluation.validationFraction instead"));
        }
        if (!base.get("training").has("seed") && !paths.contains("training.seed")) {
            ((ObjectNode) base.get("training")).put("seed", seed);
        }
        return base;
    }

    /** Trial {@code number}: its request bound, checked and planned; null after adding its problems to {@code found}. */
    private PlannedTrial trial(int number, Map<String, JsonNode> values, ObjectNode base, DatasetInfo info, String name,
            int folds, Double fraction, long seed, List<Violation> found) {
        ObjectNode tree = SearchSpace.apply(base, values);
        TrainingJobRequest request;
        try {
            request = new TrainingJobRequest(info.id(), null, name,
                    json.treeToValue(tree.get("model"), ModelRequest.class),
                    json.treeToValue(tree.get("training"), TrainingRequest.class), null);
        } catch (JacksonException e) {
            int before = found.size();
            unbindable(number, values, base, found);
            if (found.size() == before) {
                found.add(Violation.of("space", "trial " + number + " draws " + values
                        + ", which together do not make a training request: " + e.getOriginalMessage()));
            }
            return null;
        }
        List<Violation> problems = new ArrayList<>(ConstraintViolations.of(validator.validate(request)));
        if (!problems.isEmpty()) {
            found.addAll(remap(problems, number, values));
            return null;
        }
        ObjectNode held = tree.deepCopy();
        ((ObjectNode) held.get("training")).put("validationFraction", folds > 0 ? 1.0 / folds : fraction);
        TrainingRequest training = json.treeToValue(held.get("training"), TrainingRequest.class);
        try {
            DatasetShape shape = DatasetShape.of(info, TrainingPlanner.preprocessing(request.model()));
            TrainingPlan plan = TrainingPlanner.plan(request.model(), training, shape, seed, List.of(),
                    properties.limits());
            return new PlannedTrial(number, values, request, plan, parameters(plan));
        } catch (InvalidRequestException e) {
            found.addAll(remap(e.violations(), number, values));
            return null;
        }
    }

    /** Which of the trial's values a field of the training request cannot take: each path bound alone. */
    private void unbindable(int number, Map<String, JsonNode> values, ObjectNode base, List<Violation> found) {
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            ObjectNode tree = SearchSpace.apply(base, Map.of(entry.getKey(), entry.getValue()));
            String part = entry.getKey().substring(0, entry.getKey().indexOf('.'));
            try {
                Class<?> type = part.equals("model") ? ModelRequest.class : TrainingRequest.class;
                json.treeToValue(tree.get(part), type);
            } catch (JacksonException e) {
                found.add(Violation.of("space." + entry.getKey(), e instanceof UnrecognizedPropertyException
                        ? "names no field of a training job's " + part
                        : "trial " + number + " draws " + entry.getValue() + ", which the field does not take"));
            }
        }
    }

    /** The request's problems in the search's terms: under the space's path when a drawn value is at fault, else the base. */
    private static List<Violation> remap(List<Violation> problems, int number, Map<String, JsonNode> values) {
        List<Violation> mapped = new ArrayList<>();
        for (Violation v : problems) {
            String field = v.field();
            String path = values.keySet().stream().filter(p -> field.equals(p) || field.startsWith(p + ".")
                    || field.startsWith(p + "[")).findFirst().orElse(null);
            if (path != null) {
                mapped.add(Violation.of("space." + path, "trial " + number + " draws " + values.get(path) + ": "
                        + v.message()));
            } else if (field.equals("training.validationFraction")) {
                mapped.add(Violation.of("evaluation", v.message()));
            } else if (field.equals("datasetId")) {
                mapped.add(v);
            } else {
                mapped.add(Violation.of("base." + field, v.message()));
            }
        }
        return mapped;
    }

    /** One problem per field: the same one found by many trials is said once, for the first. */
    private static List<Violation> distinct(List<Violation> found) {
        Map<String, Violation> first = new LinkedHashMap<>();
        for (Violation v : found) {
            first.putIfAbsent(v.field(), v);
        }
        return List.copyOf(first.values());
    }

    /**
     * The search's work as a whole - epochs x training rows x parameters summed over every run - against
     * backprop.searches.max-work, as a job's is against backprop.training.max-work.
     */
    private void checkWork(List<PlannedTrial> planned, DatasetInfo info, int folds, Double fraction,
            List<Integer> rungs, int factor) {
        long rows = info.labelledRows();
        long held = folds > 0 ? rows / folds : Math.round(rows * fraction);
        long runs = Math.max(1, folds);
        double work = 0;
        if (rungs == null) {
            for (PlannedTrial trial : planned) {
                work += (double) trial.plan().training().epochs() * (rows - held) * trial.parameterCount() * runs;
            }
        } else {
            // each rung's trials (rounded up, as promotion keeps them) at the largest network drawn
            long largest = planned.stream().mapToLong(PlannedTrial::parameterCount).max().orElse(0);
            double trials = planned.size();
            for (int epochs : rungs) {
                work += epochs * (double) (rows - held) * largest * runs * trials;
                trials = Math.ceil(trials / factor);
            }
        }
        if (work > searchProperties.maxWork()) {
            throw new InvalidRequestException("budget", String.format("the trials' runs add up to %.3g epochs x training"
                    + " rows x parameters; a search may do at most %d (backprop.searches.max-work): fewer trials, folds,"
                    + " epochs or units", work, searchProperties.maxWork()));
        }
    }

    /**
     * A refit trains the best trial on every row, more than any of its held-out runs: each trial, as
     * the best, must fit a job's backprop.training.max-work on every row.
     */
    private void checkRefit(List<PlannedTrial> planned, DatasetInfo info) {
        for (PlannedTrial trial : planned) {
            double work = (double) trial.plan().training().epochs() * info.labelledRows() * trial.parameterCount();
            if (work > properties.maxWork()) {
                throw new InvalidRequestException("promote.refit", String.format("trial %d refit on every row would do"
                        + " %.3g epochs x rows x parameters; a job may do at most %d (backprop.training.max-work)",
                        trial.number(), work, properties.maxWork()));
            }
        }
    }

    /** Weights and biases of the plan's network. */
    private static long parameters(TrainingPlan plan) {
        long count = 0;
        long width = plan.model().inputs() == null ? 0 : plan.model().inputs();
        for (TrainingPlan.Layer layer : plan.model().layers()) {
            count += width * layer.units() + (layer.bias() ? layer.units() : 0);
            width = layer.units();
        }
        return count;
    }

    @Transactional(readOnly = true)
    SearchResponse get(UUID id) {
        return response(find(id));
    }

    @Transactional(readOnly = true)
    PageResponse<SearchResponse> list(SearchStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return PageResponse.of(status == null ? searches.findAll(request) : searches.findByStatus(status, request),
                this::response);
    }

    /**
     * The trials, best first: scored ones (the higher rung first, then by score), then those still to
     * finish, then the rest, each by number.
     */
    @Transactional(readOnly = true)
    LeaderboardResponse leaderboard(UUID id) {
        Search search = find(id);
        Map<Integer, List<UUID>> runs = jobs.runsOf(id).stream()
                .sorted(Comparator.comparingInt(SearchRun::rung).thenComparingInt(SearchRun::fold))
                .collect(Collectors.groupingBy(SearchRun::trial, Collectors.mapping(SearchRun::id, Collectors.toList())));
        Comparator<SearchTrial> byScore = Comparator.comparing(SearchTrial::score);
        // scored trials first, the higher rung first, then by score; then the others by where they are
        Comparator<SearchTrial> order = Comparator.<SearchTrial>comparingInt(t -> t.scoredRung() == null ? 1 : 0)
                .thenComparing(Comparator.comparingInt((SearchTrial t) -> t.scoredRung() == null ? 0 : t.scoredRung())
                        .reversed())
                .thenComparing((a, b) -> a.score() == null || b.score() == null ? 0
                        : search.maximize() ? byScore.compare(b, a) : byScore.compare(a, b))
                .thenComparingInt(t -> rank(t.status()))
                .thenComparingInt(SearchTrial::number);
        return new LeaderboardResponse(id, search.metric(), SearchRequest.Direction.of(search.maximize()),
                trials.findBySearchIdOrderByNumber(id).stream().sorted(order)
                        .map(t -> TrialResponse.of(t, json, runs.getOrDefault(t.number(), List.of()))).toList());
    }

    private static int rank(TrialStatus status) {
        return switch (status) {
            case RUNNING -> 0;
            case PENDING -> 1;
            default -> 2;
        };
    }

    /** Asks the search to stop: no trial starts, and its running trials are cancelled; it ends CANCELLED once they have. */
    @Transactional
    SearchResponse cancel(UUID id) {
        Search search = searches.lock(id).orElseThrow(() -> new NotFoundException("Search", id));
        if (search.status().terminal()) {
            throw new StateConflictException("The search has already ended (" + search.status()
                    + "); there is nothing to cancel");
        }
        search.requestCancel();
        coordinator.advance(search);
        return response(search);
    }

    /** Submits the trial's training request, which holds nothing out, as a training job of its own. */
    JobResponse refit(UUID id, int number) {
        find(id);
        SearchTrial trial = trials.findById(new SearchTrial.Key(id, number))
                .orElseThrow(() -> NotFoundException.saying("Search '" + id + "' has no trial " + number));
        return training.submit(json.readValue(trial.request(), TrainingJobRequest.class), null);
    }

    private Search find(UUID id) {
        return searches.findById(id).orElseThrow(() -> new NotFoundException("Search", id));
    }

    private SearchResponse response(Search search) {
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        for (Object[] row : trials.countByStatus(search.getId())) {
            counts.put((TrialStatus) row[0], ((Number) row[1]).intValue());
        }
        SearchTrial best = search.bestTrial() == null ? null
                : trials.findById(new SearchTrial.Key(search.getId(), search.bestTrial())).orElseThrow();
        UUID refitModel = search.refitJobId() == null ? null
                : jobs.findById(search.refitJobId()).map(TrainingJob::modelId).orElse(null);
        return SearchResponse.of(search, counts, best, refitModel, json);
    }
}
