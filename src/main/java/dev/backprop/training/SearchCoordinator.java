package dev.backprop.training;

import dev.backprop.dataset.DatasetInfo;
import dev.backprop.dataset.DatasetService;
import dev.backprop.model.ModelService;
import dev.backprop.model.ModelSummary;
import dev.backprop.model.SplitMetrics;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.StateConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves searches on. With the search's row locked, it settles the trials whose runs have all ended,
 * keeps the best, and queues further runs - one training job per trial and fold - up to the search's
 * parallelism and its creator's limit of active jobs; it ends the search once every trial has. It
 * runs when a search is created or cancelled, when one of its jobs ends (after that commits), and on
 * a sweep of every running search on every instance: the sweep is what carries a search on when the
 * instance that ended a job died before it could.
 */
@Component
class SearchCoordinator {

    private static final Logger log = LoggerFactory.getLogger(SearchCoordinator.class);

    private final SearchRepository searches;
    private final SearchTrialRepository trials;
    private final TrainingJobRepository jobs;
    private final JobQueue queue;
    private final DatasetService datasets;
    private final ModelService models;
    private final JsonMapper json;
    private final Clock clock;
    private final TrainingProperties properties;
    private final Submitters submitters;
    private final TransactionTemplate separate;

    SearchCoordinator(SearchRepository searches, SearchTrialRepository trials, TrainingJobRepository jobs,
            JobQueue queue, DatasetService datasets, ModelService models, JsonMapper json, Clock clock,
            TrainingProperties properties, Submitters submitters,
            PlatformTransactionManager transactions) {
        this.searches = searches;
        this.trials = trials;
        this.jobs = jobs;
        this.queue = queue;
        this.datasets = datasets;
        this.models = models;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.submitters = submitters;
        this.separate = new TransactionTemplate(transactions);
        // after a commit the ended transaction's resources are still bound: work there needs its own
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * After the transaction that ended one of a search's jobs commits: on a thread of its own, so the
     * runner's thread, which still holds that transaction's connection, does not take a second one.
     */
    @TransactionalEventListener
    void jobEnded(TrainingJobRunner.TrialJobEnded event) {
        Thread.ofVirtual().name("search-" + event.searchId()).start(() -> advanceQuietly(event.searchId()));
    }

    /** Every running search, now and then: what carries one on when a job's end reached no coordinator. */
    @Scheduled(fixedDelayString = "${backprop.searches.sweep-interval:5s}",
            initialDelayString = "${backprop.searches.sweep-interval:5s}")
    void sweep() {
        List<UUID> running;
        try {
            running = searches.idsByStatus(SearchStatus.RUNNING);
        } catch (RuntimeException e) {
            log.debug("Search sweep: the database did not answer ({}); the next sweep tries again",
                    e.getClass().getSimpleName());
            return;
        }
        running.forEach(this::advanceQuietly);
    }

    /** Advances a search in a transaction of its own; a failure is logged, and the next sweep tries again. */
    private void advanceQuietly(UUID id) {
        try {
            separate.executeWithoutResult(status -> searches.lock(id).ifPresent(this::advance));
        } catch (RuntimeException e) {
            log.warn("Search {}: could not move it on ({}); the next sweep tries again", id, e.toString());
        }
    }

    /** Moves {@code search}, locked by the caller's transaction, as far as it can go now. */
    void advance(Search search) {
        if (search.status().terminal()) {
            return;
        }
        List<SearchTrial> all = trials.findBySearchIdOrderByNumber(search.getId());
        List<SearchRun> every = jobs.runsOf(search.getId());
        Map<Integer, List<SearchRun>> runs = atTheirRungs(all, every);
        boolean stopping = stopping(search, all);
        settleAll(search, all, runs, stopping);
        if (!stopping && stopping(search, all)) {
            // a trial settled just now took the search past its failures: what runs of the others goes
            stopping = true;
            settleAll(search, all, runs, true);
        }
        Instant now = Instant.now(clock);
        best(search, all);
        if (!stopping && search.halvingFactor() != null
                && (search.deadline() == null || now.isBefore(search.deadline())) && promote(search, all)) {
            // the promoted trials' runs are those of their new rung: none yet
            runs = atTheirRungs(all, every);
        }
        if (stopping) {
            TrialStatus left = search.cancelRequested() ? TrialStatus.CANCELLED : TrialStatus.SKIPPED;
            all.stream().filter(t -> t.status() == TrialStatus.PENDING).forEach(t -> t.end(left,
                    search.cancelRequested() ? "the search was cancelled" : "the search failed", null, null));
        } else {
            if (search.deadline() != null && !now.isBefore(search.deadline())) {
                all.stream().filter(t -> t.status() == TrialStatus.PENDING).forEach(t -> t.end(TrialStatus.SKIPPED,
                        "budget.maxDuration had passed before it could start", null, null));
            }
            start(search, all, runs, now);
        }
        if (all.stream().allMatch(t -> t.status().terminal())) {
            end(search, all, now);
        }
    }

    /** Each trial's runs at the rung it is at, fold 0 first: those of earlier rungs have given their score. */
    private static Map<Integer, List<SearchRun>> atTheirRungs(List<SearchTrial> all, List<SearchRun> every) {
        Map<Integer, Integer> rungs = new HashMap<>();
        all.forEach(t -> rungs.put(t.number(), t.rung()));
        Map<Integer, List<SearchRun>> runs = new HashMap<>();
        for (SearchRun run : every) {
            if (run.rung() == rungs.getOrDefault(run.trial(), 0)) {
                runs.computeIfAbsent(run.trial(), t -> new ArrayList<>()).add(run);
            }
        }
        runs.values().forEach(list -> list.sort(Comparator.comparingInt(SearchRun::fold)));
        return runs;
    }

    /** Whether the search is to stop: cancelled, or past its budget of failed trials. */
    private static boolean stopping(Search search, List<SearchTrial> all) {
        return search.cancelRequested() || failed(all) > search.maxFailedTrials();
    }

    private static long failed(List<SearchTrial> all) {
        return all.stream().filter(t -> t.status() == TrialStatus.FAILED).count();
    }

    private void settleAll(Search search, List<SearchTrial> all, Map<Integer, List<SearchRun>> runs, boolean stopping) {
        for (SearchTrial trial : all) {
            if (trial.status() == TrialStatus.RUNNING) {
                settle(search, trial, runs.getOrDefault(trial.number(), List.of()), stopping);
            }
        }
    }

    /**
     * Ends a running trial once all its runs have: with its score over folds, or why it did not get
     * one. A trial that lost a fold, or whose search is stopping, has its other runs cancelled and
     * ends once they have, without the folds it never queued.
     */
    private void settle(Search search, SearchTrial trial, List<SearchRun> own, boolean stopping) {
        boolean lost = own.stream().anyMatch(SearchRun::lost);
        List<UUID> active = own.stream().filter(r -> !r.status().terminal()).map(SearchRun::id).toList();
        if ((lost || stopping) && !active.isEmpty()) {
            jobs.requestCancel(active);
        }
        boolean complete = own.size() == search.runsPerTrial();
        if (!active.isEmpty() || (!complete && !lost && !stopping)) {
            return;
        }
        int epochs = 0;
        long millis = 0;
        for (SearchRun run : own) {
            epochs += run.epoch();
            millis += run.startedAt() == null ? 0 : Duration.between(run.startedAt(), run.finishedAt()).toMillis();
        }
        Integer meanEpochs = own.isEmpty() ? null : Math.round((float) epochs / own.size());
        // the time of the rungs before, settled then, and this one's
        millis += trial.trainMillis() == null ? 0 : trial.trainMillis();
        SearchRun failed = own.stream().filter(r -> r.status() == JobStatus.FAILED).findFirst().orElse(null);
        SearchRun cancelled = own.stream().filter(r -> r.status() == JobStatus.CANCELLED).findFirst().orElse(null);
        if (failed != null) {
            trial.end(TrialStatus.FAILED, where(search, failed) + failed.reason(), meanEpochs, millis);
        } else if (cancelled != null) {
            trial.end(TrialStatus.CANCELLED, where(search, cancelled) + cancelled.reason(), meanEpochs, millis);
        } else if (!complete) {
            trial.end(search.cancelRequested() ? TrialStatus.CANCELLED : TrialStatus.SKIPPED, (search.cancelRequested()
                    ? "the search was cancelled" : "the search failed") + " before all its folds ran", meanEpochs, millis);
        } else {
            score(search, trial, own, meanEpochs, millis);
        }
    }

    /** "fold 2: " before a run's reason, when the search has folds. */
    private static String where(Search search, SearchRun run) {
        return search.folds() > 0 ? "fold " + run.fold() + ": " : "";
    }

    /** A trial whose runs all succeeded: the objective on each held-out fold, their mean and spread. */
    private void score(Search search, SearchTrial trial, List<SearchRun> own, Integer meanEpochs, long millis) {
        double[] scores = new double[own.size()];
        for (int f = 0; f < scores.length; f++) {
            scores[f] = search.metric().of(json.readValue(own.get(f).heldOut(), SplitMetrics.class));
            if (Double.isNaN(scores[f])) {
                trial.end(TrialStatus.FAILED, search.metric() + " is undefined on the held-out rows"
                        + (search.folds() > 0 ? " of fold " + f : ""), meanEpochs, millis);
                return;
            }
        }
        double mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= scores.length;
        double squares = 0;
        for (double s : scores) {
            squares += (s - mean) * (s - mean);
        }
        trial.succeed(mean, Math.sqrt(squares / scores.length), json.writeValueAsString(scores), meanEpochs, millis);
    }

    /**
     * Successive halving, once every trial has ended its rung: the best 1/factor (rounded up) of those
     * that succeeded at the highest rung below the last go on to the next rung, the others are pruned.
     */
    private boolean promote(Search search, List<SearchTrial> all) {
        if (all.stream().anyMatch(t -> !t.status().terminal())) {
            return false;
        }
        int last = json.readValue(search.rungEpochs(), int[].class).length - 1;
        int rung = all.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED && t.rung() < last)
                .mapToInt(SearchTrial::rung).max().orElse(-1);
        if (rung < 0) {
            return false;
        }
        List<SearchTrial> ranked = all.stream()
                .filter(t -> t.status() == TrialStatus.SUCCEEDED && t.rung() == rung)
                .sorted((a, b) -> search.better(a.score(), b.score()) ? -1 : search.better(b.score(), a.score()) ? 1
                        : Integer.compare(a.number(), b.number()))
                .toList();
        int keep = (ranked.size() + search.halvingFactor() - 1) / search.halvingFactor();
        for (int i = 0; i < ranked.size(); i++) {
            if (i < keep) {
                ranked.get(i).promote();
            } else {
                ranked.get(i).prune("pruned at rung " + rung + ": not among the best " + keep + " of the " + ranked.size()
                        + " that succeeded");
            }
        }
        return true;
    }

    /**
     * The best scored trial: scored at the higher rung (a trial that went on and then failed keeps the
     * score of the rung it finished), then the better score, then the lower number.
     */
    private static void best(Search search, List<SearchTrial> all) {
        SearchTrial best = null;
        for (SearchTrial trial : all) {
            Integer rung = trial.scoredRung();
            if (rung != null && trial.score() != null && (best == null || rung > best.scoredRung()
                    || rung.equals(best.scoredRung()) && search.better(trial.score(), best.score()))) {
                best = trial;
            }
        }
        if (best != null) {
            search.best(best.number(), best.score());
        }
    }

    /**
     * Queues the next runs: the folds of trials already started first, then new trials in order, while
     * the search has fewer than its parallelism and its creator fewer than the limit queued or running.
     */
    private void start(Search search, List<SearchTrial> all, Map<Integer, List<SearchRun>> runs, Instant now) {
        long active = runs.values().stream().flatMap(List::stream).filter(r -> !r.status().terminal()).count();
        long slots = search.parallelism() - active;
        if (slots <= 0) {
            return;
        }
        String caller = search.createdBy();
        submitters.hold(caller);
        long callerActive = jobs.countByCreatedByAndStatusIn(caller, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
        slots = Math.min(slots, properties.maxActiveJobs() - callerActive);
        for (SearchTrial trial : all) {
            List<SearchRun> own = runs.getOrDefault(trial.number(), List.of());
            // a trial that lost a fold is settling: it gets no further runs
            if (slots <= 0 || (trial.status() != TrialStatus.RUNNING && trial.status() != TrialStatus.PENDING)
                    || own.stream().anyMatch(SearchRun::lost)) {
                continue;
            }
            for (int fold = own.size(); fold < search.runsPerTrial() && slots > 0; fold++, slots--) {
                queue(search, trial, fold, now);
                trial.running();
            }
        }
    }

    private void queue(Search search, SearchTrial trial, int fold, Instant now) {
        TrainingPlan plan = json.readValue(trial.plan(), TrainingPlan.class);
        if (search.folds() > 0) {
            plan = plan.holdingOut(search.folds(), fold, search.seed());
        }
        if (search.rungEpochs() != null) {
            plan = plan.withEpochs(json.readValue(search.rungEpochs(), int[].class)[trial.rung()]);
        }
        queue.add(TrainingJob.forTrial(UUID.randomUUID(), search.name(), search.datasetId(), trial.request(),
                json.writeValueAsString(plan), plan.seed(), plan.training().epochs(), now.truncatedTo(ChronoUnit.MICROS),
                search.createdBy(), search.getId(), trial.number(), trial.rung(), fold), now);
    }

    private void end(Search search, List<SearchTrial> all, Instant now) {
        long failed = failed(all);
        long succeeded = all.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count();
        long pruned = all.stream().filter(t -> t.status() == TrialStatus.PRUNED).count();
        long scored = all.stream().filter(t -> t.scoredRung() != null).count();
        String best = search.bestTrial() == null ? "" : "; the best, trial " + search.bestTrial() + ", scored "
                + search.metric() + " = " + search.bestScore()
                + (search.halvingFactor() == null ? "" : " at rung " + all.get(search.bestTrial()).scoredRung());
        if (search.cancelRequested()) {
            if (search.refitJobId() != null && jobs.findById(search.refitJobId()).filter(j -> !j.status().terminal())
                    .isPresent()) {
                // the refit goes too; the search ends once it has
                jobs.requestCancel(List.of(search.refitJobId()));
                return;
            }
            search.finish(SearchStatus.CANCELLED, "cancelled after " + succeeded + " of " + all.size()
                    + " trials succeeded" + best, now);
        } else if (failed > search.maxFailedTrials()) {
            search.finish(SearchStatus.FAILED, failed + " trials failed, more than budget.maxFailedTrials ("
                    + search.maxFailedTrials() + ")" + best, now);
        } else if (scored == 0) {
            search.finish(SearchStatus.FAILED, "no trial succeeded", now);
        } else {
            String unfinished = succeeded == 0 ? "; none finished the last rung" : "";
            String promoted = search.refit() ? refit(search, all, now) : "";
            if (promoted == null) {
                return; // its best is being refit
            }
            search.finish(SearchStatus.SUCCEEDED, succeeded + " of " + all.size() + " trials succeeded"
                    + (pruned > 0 ? ", " + pruned + " were pruned" : "") + unfinished + best + promoted, now);
        }
    }

    /**
     * Refits the best trial on every row as a training job of the search's name, and once that has
     * succeeded moves the promoted alias to its model's version. Returns what became of it for the
     * search's reason, or null while the job is queued or running.
     */
    private String refit(Search search, List<SearchTrial> all, Instant now) {
        if (search.refitJobId() == null) {
            SearchTrial best = all.get(search.bestTrial());
            TrainingJobRequest request = json.readValue(best.request(), TrainingJobRequest.class);
            DatasetInfo info = datasets.info(search.datasetId()).orElse(null);
            if (info == null) {
                return "; the best was not refit: its dataset was deleted";
            }
            TrainingPlan plan;
            try {
                // planned again on every row: no rows held out, so no early stopping unless the base asked
                plan = TrainingPlanner.plan(request.model(), request.training(),
                        DatasetShape.of(info, TrainingPlanner.preprocessing(request.model())), search.seed(), List.of(),
                        properties.limits());
            } catch (InvalidRequestException e) {
                return "; the best was not refit: " + e.violations().getFirst().field() + " "
                        + e.violations().getFirst().message();
            }
            UUID id = UUID.randomUUID();
            queue.add(TrainingJob.forRefit(id, search.name(), search.datasetId(), best.request(),
                    json.writeValueAsString(plan), plan.seed(), plan.training().epochs(), now.truncatedTo(ChronoUnit.MICROS),
                    search.createdBy(), search.getId()), now);
            search.refitBy(id);
            return null;
        }
        TrainingJob job = jobs.findById(search.refitJobId()).orElse(null);
        if (job == null) {
            return "; its refit job " + search.refitJobId() + " was deleted";
        }
        if (!job.status().terminal()) {
            return null;
        }
        if (job.status() != JobStatus.SUCCEEDED) {
            return "; refitting the best ended " + job.status() + ": " + job.reason();
        }
        // asked without throwing: a lookup that threw here would doom this transaction, and every sweep's after it
        if (models.existing(Set.of(job.modelId())).isEmpty()) {
            return "; the refit model " + job.modelId() + " was deleted before the alias could move";
        }
        ModelSummary model = models.get(job.modelId());
        String said = "; refit as " + model.name() + " version " + model.version() + " (model " + model.id() + ")";
        if (search.promoteAlias() == null) {
            return said;
        }
        try {
            // in a transaction of its own, so that a move the model feature refuses leaves this one whole; a
            // move repeated after this transaction failed records nothing, as the alias names the version already
            separate.executeWithoutResult(status -> models.moveAlias(model.name(), search.promoteAlias(), model.version(),
                    search.createdBy() != null ? search.createdBy() : "search:" + search.getId()));
        } catch (NotFoundException | StateConflictException e) {
            return said + "; alias " + search.promoteAlias() + " was not moved: " + e.getMessage();
        }
        return said + "; alias " + search.promoteAlias() + " moved to it";
    }
}
