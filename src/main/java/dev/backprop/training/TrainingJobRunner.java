package dev.backprop.training;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.backprop.dataset.DatasetService;
import dev.backprop.engine.CheckpointCodec;
import dev.backprop.engine.EpochStats;
import dev.backprop.engine.Folds;
import dev.backprop.engine.Metrics;
import dev.backprop.engine.ModelTrainer;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainedModel;
import dev.backprop.engine.TrainingResult;
import dev.backprop.model.ModelService;
import dev.backprop.model.SplitMetrics;
import dev.backprop.system.DatabaseOutages;
import dev.backprop.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one training job on a scheduler thread: marks it running, loads its dataset, trains with
 * the engine while writing progress and history at a bounded rate and reading the cancel flag, then
 * stores the model and the outcome. A job whose instance stops mid-run is handed back to the queue
 * and goes on from its checkpoint wherever it is picked up next. Every write a run makes holds its
 * {@linkplain Claims claim} on the job: a run that another took over stops at its next write.
 */
@Component
class TrainingJobRunner {

    static final String TASK_NAME = "training-job";

    private static final Logger log = LoggerFactory.getLogger(TrainingJobRunner.class);

    private final TrainingJobRepository jobs;
    private final HistoryStore history;
    private final DatasetService datasets;
    private final ModelService models;
    private final TransactionTemplate tx;
    private final TrainingProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    private final JobMetrics metrics;
    private final CheckpointStore checkpoints;
    private final LiveModels live;
    private final Claims claims;
    private final ApplicationEventPublisher events;
    /** Jobs and steps whose outage is logged already. */
    private final Set<String> outages = ConcurrentHashMap.newKeySet();
    /** The runs going on in this instance: each job's claim version. */
    private final Map<UUID, Long> running = new ConcurrentHashMap<>();

    TrainingJobRunner(TrainingJobRepository jobs, HistoryStore history, DatasetService datasets, ModelService models,
            TransactionTemplate tx, TrainingProperties properties, JsonMapper json, Clock clock, JobMetrics metrics,
            CheckpointStore checkpoints, LiveModels live, Claims claims, ApplicationEventPublisher events) {
        this.events = events;
        this.live = live;
        this.claims = claims;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.history = history;
        this.datasets = datasets;
        this.models = models;
        this.tx = tx;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Configuration(proxyBeanMethods = false)
    static class TaskConfiguration {
        @Bean
        OneTimeTask<Void> trainingTask(TrainingJobRunner runner) {
            return Tasks.oneTime(TASK_NAME)
                    .onFailure(runner::onFailure)
                    .onDeadExecution(runner::onDeadExecution)
                    .execute((instance, context) -> runner.run(claim(context.getExecution()), context));
        }
    }

    private static Claims.Claim claim(Execution execution) {
        return new Claims.Claim(UUID.fromString(execution.taskInstance.getId()), execution.version);
    }

    /** Thrown when the scheduler stops mid-run: the job goes back to the queue, not to FAILED. */
    static final class HandedBack extends RuntimeException {
        HandedBack() {
            super("the instance stopped while the job ran; it goes back to the queue", null, false, false);
        }
    }

    void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        Throwable cause = complete.getCause().orElse(null);
        if (cause instanceof HandedBack) {
            operations.reschedule(complete, Instant.now(clock));
            return;
        }
        Claims.Claim claim = claim(complete.getExecution());
        if (cause instanceof Claims.Lost || !failed(claim)) {
            // the execution is the other run's now: this one leaves it as it is
            log.warn("Training job {}: another run took the job over while this one was paused or could not reach the"
                    + " database; this one stopped without writing", claim.job());
            return;
        }
        log.error("Training job {} failed", claim.job(), cause);
        try {
            operations.remove();
        } catch (ExecutionException e) {
            // taken over between the job's end and here: the execution is the other run's
            log.info("Training job {}: its execution changed hands after the job ended", claim.job());
        }
    }

    /** Ends the job FAILED unless it has ended; false when the run's claim is gone. */
    private boolean failed(Claims.Claim claim) {
        try {
            fenced(claim, () -> jobs.findById(claim.job()).filter(j -> !j.status().terminal()).ifPresent(
                    j -> ended(j).finish(JobStatus.FAILED, "training failed unexpectedly; the service log has the details",
                            null, Instant.now(clock))));
            return true;
        } catch (Claims.Lost lost) {
            return false;
        }
    }

    /**
     * A run whose heartbeat is older than the limit is revived elsewhere, unless it runs in this
     * instance: then it is alive, and its heartbeat lapsed only while the database did not answer.
     */
    void onDeadExecution(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        Claims.Claim claim = claim(complete.getExecution());
        if (Long.valueOf(claim.version()).equals(running.get(claim.job()))) {
            log.info("Training job {} runs in this instance: its heartbeat lapsed while the database did not answer,"
                    + " and it goes on", claim.job());
            return;
        }
        new DeadExecutionHandler.ReviveDeadExecution<Void>().deadExecution(complete, operations);
    }

    void run(Claims.Claim claim, ExecutionContext context) {
        running.put(claim.job(), claim.version());
        try {
            runJob(claim, context);
        } finally {
            running.remove(claim.job(), claim.version());
            outages.removeIf(step -> step.startsWith(claim.job().toString()));
        }
    }

    /** Whether a run of the job goes on in this instance (what tests wait on). */
    boolean runs(UUID job) {
        return running.containsKey(job);
    }

    /** Runs {@code writes} in a transaction that commits only while {@code claim} holds. */
    private void fenced(Claims.Claim claim, Runnable writes) {
        tx.executeWithoutResult(status -> {
            claims.hold(claim);
            writes.run();
        });
    }

    private void runJob(Claims.Claim claim, ExecutionContext context) {
        UUID id = claim.job();
        TrainingJob job = tx.execute(status -> {
            claims.hold(claim);
            return begin(id);
        });
        if (job == null) {
            return;
        }
        metrics.started(Duration.between(job.createdAt(), job.startedAt()));
        if (job.plan() == null) {
            fenced(claim, () -> finish(id, JobStatus.FAILED, "the job was queued before this version of the service"
                    + " stored training plans; submit it again", null));
            return;
        }
        // the plan was checked against this dataset when the job was accepted, and datasets do not change
        TrainingPlan plan = json.readValue(job.plan(), TrainingPlan.class);
        TrainingData loaded;
        try {
            loaded = datasets.load(job.datasetId());
        } catch (NotFoundException e) {
            fenced(claim, () -> finish(id, JobStatus.FAILED, "dataset " + job.datasetId() + " was deleted before the job"
                    + " ran", null));
            return;
        }
        TrainedModel parent = null;
        if (plan.from() != null) {
            try {
                parent = models.load(plan.from());
            } catch (NotFoundException e) {
                fenced(claim, () -> finish(id, JobStatus.FAILED, "model " + plan.from() + ", which training was to"
                        + " continue, was deleted before the job ran", null));
                return;
            }
        }
        TrainingData data = parent == null ? loaded : Continuation.align(loaded, parent);
        Ticks ticks = new Ticks();
        Progress progress = new Progress(claim, plan.training().epochs(), ticks);
        Trainer.Checkpoint resume = null;
        if (job.resumedFromEpoch() != null) {
            CheckpointStore.Saved saved = checkpoints.find(id).orElseThrow();
            resume = CheckpointCodec.fromBytes(saved.state());
            progress.resumeAt(saved);
        }
        long started = System.nanoTime();
        Stop stop = new Stop(id, context, started, ticks);
        Checkpoints snapshots = new Checkpoints(id, progress, ticks);
        ModelTrainer.Outcome outcome;
        try {
            outcome = ModelTrainer.train(data, plan.modelSpec(), plan.trainingConfig(progress.stride),
                    ModelTrainer.Options.none().validationFraction(plan.validationFraction()).folds(folds(plan)).listener(progress)
                            .cancelled(stop).start(parent).resume(resume).snapshots(snapshots));
        } finally {
            live.remove(id);
        }
        TrainingResult result = outcome.result();
        Ending ending = stop.handedBack ? null : ending(result, stop);
        long deadline = started + properties.maxDuration().toNanos() + OUTAGE_GRACE.toNanos();
        if (ending == null) {
            persistently(id, "handing it back", deadline,
                    () -> progress.flush(true, () -> jobs.findById(id).ifPresent(TrainingJob::requeue)));
            throw new HandedBack();
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - started);
        if (ending.status() != JobStatus.SUCCEEDED) {
            persistently(id, "ending it", deadline,
                    () -> progress.flush(true, () -> finish(id, ending.status(), ending.message(), null)));
        } else if (job.trial() != null) {
            // a trial is judged by its held-out figures; the search refits the one it chooses
            String heldOut = json.writeValueAsString(metrics(outcome.validation()));
            persistently(id, "ending it", deadline, () -> progress.flush(true, () -> {
                finish(id, JobStatus.SUCCEEDED, ending.message(), null);
                jobs.findById(id).orElseThrow().heldOut(heldOut);
            }));
        } else {
            ModelService.Provenance provenance = new ModelService.Provenance(id, job.datasetId(), job.request(),
                    job.seed(), metrics(outcome.train()), metrics(outcome.validation()), ran.toMillis(),
                    job.createdBy(), plan.from());
            // the name's counter row before the job's end takes its claim: that transaction needs no second connection
            persistently(id, "storing its model", deadline, () -> models.createName(job.name()));
            // the model commits with the job's end, or neither does
            persistently(id, "storing its model", deadline, () -> progress.flush(true, () -> finish(id,
                    JobStatus.SUCCEEDED, ending.message(), models.register(job.name(), outcome.model(), provenance).id())));
        }
        metrics.ended(ending.status(), ran, result.epochs() - (resume == null ? 0 : resume.epoch()));
    }

    /** How a run that was not handed back ends, in the job's terms. */
    private record Ending(JobStatus status, String message) {
    }

    /** The one mapping from how training stopped (and whether it overran its budget) to the job's end. */
    private Ending ending(TrainingResult result, Stop stop) {
        if (stop.overBudget) {
            return new Ending(JobStatus.FAILED, "ran past its wall-clock budget of " + properties.maxDuration()
                    + " (backprop.training.max-duration) and was stopped after epoch " + result.epochs());
        }
        return switch (result.reason()) {
            case COMPLETED, EARLY_STOPPED -> new Ending(JobStatus.SUCCEEDED, result.message());
            case DIVERGED -> new Ending(JobStatus.FAILED, result.message());
            case CANCELLED -> new Ending(JobStatus.CANCELLED, "cancelled after epoch " + result.epochs());
        };
    }

    /** How long past its budget a finished run keeps trying to store its outcome through an outage. */
    private static final Duration OUTAGE_GRACE = Duration.ofMinutes(5);

    /** Logs a job's first failure of each kind of step in an outage, not every retry. */
    private void outage(UUID id, String step, RuntimeException e) {
        if (outages.add(id + step)) {
            log.warn("Training job {}: the database did not answer while {} ({}); it goes on and tries again", id,
                    step, e.getClass().getSimpleName());
        }
    }

    /** Runs a database step of a job's end until it succeeds, waiting through an outage up to {@code deadline}. */
    private void persistently(UUID id, String step, long deadline, Runnable action) {
        long wait = 100;
        while (true) {
            try {
                action.run();
                outages.remove(id + step);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseOutages.isOutage(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                outage(id, step, e);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = Math.min(wait * 2, 2000);
            }
        }
    }

    /** Marks the job running, or returns null when there is nothing to run. */
    private TrainingJob begin(UUID id) {
        TrainingJob job = jobs.findById(id).orElse(null);
        if (job == null || job.status().terminal()) {
            return null;
        }
        Instant now = Instant.now(clock);
        if (job.cancelRequested()) {
            ended(job).finish(JobStatus.CANCELLED, "cancelled before it started", null, now);
            return null;
        }
        // only a job that ran before can have a checkpoint to resume from or history to clear
        boolean ranBefore = job.attempts() > 0;
        job.start(now);
        Optional<CheckpointStore.Saved> saved = ranBefore
                ? checkpoints.find(id).filter(CheckpointStore.Saved::readable) : Optional.empty();
        if (saved.isPresent()) {
            int epoch = saved.get().epoch();
            history.deleteAfter(id, epoch);
            List<EpochFigures> points = history.read(id);
            EpochFigures then = !points.isEmpty() && points.getLast().epoch() == epoch ? points.getLast()
                    : new EpochFigures(epoch, null, null, null, null, null);
            job.resume(epoch, then, saved.get().bestEpoch(), saved.get().bestLoss());
        } else if (ranBefore) {
            checkpoints.delete(id);
            history.delete(id);
        }
        return job;
    }

    /** Ends the job, in the caller's transaction, and drops its checkpoint. */
    private void finish(UUID id, JobStatus status, String reason, UUID modelId) {
        checkpoints.delete(id);
        ended(jobs.findById(id).orElseThrow()).finish(status, reason, modelId, Instant.now(clock));
    }

    /** Tells the job's search, if it has one, once the transaction ending the job commits. */
    private TrainingJob ended(TrainingJob job) {
        if (job.searchId() != null) {
            events.publishEvent(new TrialJobEnded(job.searchId()));
        }
        return job;
    }

    /** A search's trial job ended; published inside the transaction that ended it. */
    record TrialJobEnded(UUID searchId) {
    }

    /**
     * Shows the model as it stands every {@link LiveModels#INTERVAL} (for pictures of a running job),
     * and writes a checkpoint at most every {@code backprop.training.checkpoint-interval}, after the
     * job's progress and history so far are written: a run resumed from it loses no point.
     */
    private final class Checkpoints implements ModelTrainer.Snapshots {
        private final UUID id;
        private final Progress progress;
        private final Ticks ticks;
        private long lastWrite = System.nanoTime();
        private long lastShown = System.nanoTime();

        Checkpoints(UUID id, Progress progress, Ticks ticks) {
            this.id = id;
            this.progress = progress;
            this.ticks = ticks;
        }

        private boolean checkpointDue(long now) {
            long interval = properties.checkpointInterval().toNanos();
            return interval > 0 && now - lastWrite >= interval;
        }

        /** Asked after every epoch: no clock read of its own. */
        @Override
        public boolean due(int epoch) {
            long now = ticks.now;
            return now - lastShown >= LiveModels.INTERVAL.toNanos() || checkpointDue(now);
        }

        @Override
        public void take(Trainer.Checkpoint checkpoint, TrainedModel model) {
            live.put(id, model, checkpoint.epoch());
            lastShown = System.nanoTime();
            if (checkpointDue(System.nanoTime())) {
                try {
                    CheckpointStore.Saved saved = new CheckpointStore.Saved(checkpoint.epoch(),
                            CheckpointCodec.toBytes(checkpoint), progress.bestEpoch, progress.bestLoss);
                    progress.flush(false, () -> checkpoints.save(id, saved));
                    metrics.checkpointed();
                } catch (RuntimeException e) {
                    // the database is away: the next checkpoint is an interval away
                    if (!DatabaseOutages.isOutage(e)) {
                        throw e;
                    }
                    outage(id, "writing a checkpoint", e);
                }
                lastWrite = System.nanoTime();
            }
        }
    }

    /** The engine's fold for a search trial's plan; null for a plan that holds out a fraction. */
    private static Folds folds(TrainingPlan plan) {
        return plan.fold() == null ? null : new Folds(plan.fold().count(), plan.fold().index(), plan.fold().seed());
    }

    private static SplitMetrics metrics(ModelTrainer.Evaluation evaluation) {
        if (evaluation == null) {
            return null;
        }
        Metrics.ClassificationResult c = evaluation.classification();
        Metrics.RegressionResult r = evaluation.regression();
        return c != null
                ? new SplitMetrics(evaluation.rows(), evaluation.loss(), c.accuracy(), c.precision(), c.recall(),
                        c.f1(), c.confusion(), null, null, null)
                : new SplitMetrics(evaluation.rows(), evaluation.loss(), null, null, null, null, null, r.mse(), r.mae(),
                        r.r2());
    }

    /**
     * Collects epochs and writes them, with the job's progress, at most every progress interval. The
     * history keeps every {@code stride}-th epoch, the first and the last, and the engine evaluates
     * the full splits at just those epochs (every epoch only under early stopping): a job costs what
     * its training costs, not an evaluation pass per epoch.
     */
    private final class Progress implements Trainer.EpochListener {
        private final Claims.Claim claim;
        private final UUID id;
        private final int total;
        /** Epochs between the history's points: what the trainer's evaluateEvery is set to. */
        final int stride;
        private final List<EpochFigures> pending = new ArrayList<>();
        private EpochStats last;
        private EpochStats measured;
        private int lastRecorded;
        private Integer bestEpoch;
        private Double bestLoss;
        private long lastFlush = System.nanoTime();
        private final Ticks ticks;

        /** A resumed run's progress starts from the checkpoint's epoch and best figures. */
        void resumeAt(CheckpointStore.Saved saved) {
            bestEpoch = saved.bestEpoch();
            bestLoss = saved.bestLoss();
            lastRecorded = saved.epoch();
        }

        Progress(Claims.Claim claim, int total, Ticks ticks) {
            this.claim = claim;
            this.id = claim.job();
            this.total = total;
            this.ticks = ticks;
            int max = Math.max(1, properties.historyPoints());
            this.stride = total <= max ? 1 : (total + max - 1) / max;
        }

        @Override
        public void onEpoch(EpochStats stats) {
            last = stats;
            if (!Double.isNaN(stats.trainLoss())) {
                measured = stats;
            }
            double monitored = Double.isNaN(stats.validationLoss()) ? stats.trainLoss() : stats.validationLoss();
            if (!Double.isNaN(monitored) && (bestLoss == null || monitored < bestLoss)) {
                bestLoss = monitored;
                bestEpoch = stats.epoch();
            }
            if (stats.epoch() == 1 || stats.epoch() % stride == 0 || stats.epoch() == total) {
                record(stats);
            }
            if (ticks.now - lastFlush >= properties.progressInterval().toNanos()) {
                try {
                    flush(false, () -> { });
                } catch (RuntimeException e) {
                    // the database is away: the points stay pending for the next flush
                    if (!DatabaseOutages.isOutage(e)) {
                        throw e;
                    }
                    lastFlush = ticks.now;
                    outage(id, "writing its progress", e);
                }
            }
        }

        private void record(EpochStats stats) {
            pending.add(EpochFigures.of(stats));
            lastRecorded = stats.epoch();
        }

        /**
         * Writes the progress and the points collected since the last flush, then {@code more}, in
         * one transaction that commits only while the run's claim holds; flushing again, after that
         * transaction rolled back, writes the same.
         */
        void flush(boolean end, Runnable more) {
            fenced(claim, () -> {
                write(end);
                more.run();
            });
            pending.clear();
        }

        private void write(boolean end) {
            if (end && measured != null && measured.epoch() > lastRecorded) {
                record(measured);
            }
            lastFlush = System.nanoTime();
            if (last == null) {
                return;
            }
            // the epoch reached, with the figures of the last epoch that was measured
            EpochFigures m = measured == null ? EpochFigures.NONE : EpochFigures.of(measured);
            EpochFigures latest = new EpochFigures(last.epoch(), m.trainLoss(), m.validationLoss(), m.trainMetric(),
                    m.validationMetric(), last.learningRate());
            jobs.findById(id).ifPresent(job -> job.progress(latest, bestEpoch, bestLoss));
            history.append(id, pending);
        }
    }

    /**
     * The clock as the cancel check last read it, before every batch: the checks at an epoch's end
     * (the progress interval, the live model, the checkpoint) take that reading, at most a batch old,
     * rather than reading the clock again; three reads an epoch were a measurable part of a job of many
     * tiny epochs.
     */
    private static final class Ticks {
        long now = System.nanoTime();
    }

    /**
     * The engine's cancellation check: the job's cancel flag, read at a bounded rate, a stopping
     * scheduler, or the job's wall-clock budget spent.
     */
    private final class Stop implements BooleanSupplier {
        private final UUID id;
        private final ExecutionContext context;
        private final long started;
        private final Ticks ticks;
        private long lastCheck = System.nanoTime();
        private boolean cancelled;
        boolean handedBack;
        boolean overBudget;

        Stop(UUID id, ExecutionContext context, long started, Ticks ticks) {
            this.id = id;
            this.context = context;
            this.started = started;
            this.ticks = ticks;
        }

        @Override
        public boolean getAsBoolean() {
            if (context != null && context.getSchedulerState().isShuttingDown()) {
                handedBack = true;
                return true;
            }
            long now = System.nanoTime();
            ticks.now = now;
            if (!cancelled && now - lastCheck >= properties.cancelCheckInterval().toNanos()) {
                lastCheck = now;
                try {
                    cancelled = jobs.cancelRequested(id).orElse(true);
                } catch (RuntimeException e) {
                    // the database is away: train on, and ask again at the next check
                    if (!DatabaseOutages.isOutage(e)) {
                        throw e;
                    }
                    outage(id, "reading its cancel flag", e);
                }
                if (!cancelled && lastCheck - started > properties.maxDuration().toNanos()) {
                    overBudget = true;
                    cancelled = true;
                }
            }
            return cancelled;
        }
    }
}
