package dev.backprop.training;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.backprop.dataset.DatasetService;
import dev.backprop.engine.CheckpointCodec;
import dev.backprop.engine.EpochStats;
import dev.backprop.engine.Metrics;
import dev.backprop.engine.ModelTrainer;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainedModel;
import dev.backprop.engine.TrainingResult;
import dev.backprop.model.ModelService;
import dev.backprop.model.ModelSummary;
import dev.backprop.model.SplitMetrics;
import dev.backprop.system.DatabaseOutages;
import dev.backprop.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one training job on a scheduler thread: marks it running, loads its dataset, trains with
 * the engine while writing progress and history at a bounded rate and reading the cancel flag, then
 * stores the model and the outcome. A job whose instance stops mid-run is handed back to the queue
 * and starts over wherever it is picked up next.
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
    /** Jobs and steps whose outage is logged already. */
    private final Set<String> outages = ConcurrentHashMap.newKeySet();

    TrainingJobRunner(TrainingJobRepository jobs, HistoryStore history, DatasetService datasets, ModelService models,
            TransactionTemplate tx, TrainingProperties properties, JsonMapper json, Clock clock, JobMetrics metrics,
            CheckpointStore checkpoints, LiveModels live) {
        this.live = live;
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
                    .execute((instance, context) -> runner.run(UUID.fromString(instance.getId()), context));
        }
    }

    /** Thrown when the scheduler stops mid-run: the job goes back to the queue, not to FAILED. */
    static final class HandedBack extends RuntimeException {
        HandedBack() {
            super("the instance stopped while the job ran; it goes back to the queue", null, false, false);
        }
    }

    void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        if (complete.getCause().orElse(null) instanceof HandedBack) {
            operations.reschedule(complete, Instant.now(clock));
            return;
        }
        UUID id = UUID.fromString(complete.getExecution().taskInstance.getId());
        log.error("Training job {} failed", id, complete.getCause().orElse(null));
        tx.executeWithoutResult(status -> jobs.findById(id).filter(j -> !j.status().terminal()).ifPresent(
                j -> j.finish(JobStatus.FAILED, "training failed unexpectedly; the service log has the details",
                        null, Instant.now(clock))));
        operations.remove();
    }

    void run(UUID id, ExecutionContext context) {
        try {
            runJob(id, context);
        } finally {
            outages.removeIf(step -> step.startsWith(id.toString()));
        }
    }

    private void runJob(UUID id, ExecutionContext context) {
        TrainingJob job = tx.execute(status -> begin(id));
        if (job == null) {
            return;
        }
        if (job.plan() == null) {
            end(id, JobStatus.FAILED, "the job was queued before this version of the service stored training plans;"
                    + " submit it again", null);
            return;
        }
        // the plan was checked against this dataset when the job was accepted, and datasets do not change
        TrainingPlan plan = json.readValue(job.plan(), TrainingPlan.class);
        TrainingData loaded;
        try {
            loaded = datasets.load(job.datasetId());
        } catch (NotFoundException e) {
            end(id, JobStatus.FAILED, "dataset " + job.datasetId() + " was deleted before the job ran", null);
            return;
        }
        TrainedModel parent = null;
        if (plan.from() != null) {
            try {
                parent = models.load(plan.from());
            } catch (NotFoundException e) {
                end(id, JobStatus.FAILED, "model " + plan.from() + ", which training was to continue, was deleted before"
                        + " the job ran", null);
                return;
            }
        }
        TrainingData data = parent == null ? loaded : Continuation.align(loaded, parent);
        Ticks ticks = new Ticks();
        Progress progress = new Progress(id, plan.training().epochs(), ticks);
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
                    ModelTrainer.Options.none().validationFraction(plan.validationFraction()).listener(progress)
                            .cancelled(stop).start(parent).resume(resume).snapshots(snapshots));
        } finally {
            live.remove(id);
        }
        TrainingResult result = outcome.result();
        Ending ending = stop.handedBack ? null : ending(result, stop);
        long deadline = started + properties.maxDuration().toNanos() + OUTAGE_GRACE.toNanos();
        if (ending == null || ending.status() != JobStatus.SUCCEEDED) {
            persistently(id, "writing its progress", deadline, () -> progress.flush(true));
        }
        if (ending == null) {
            persistently(id, "handing it back", deadline,
                    () -> tx.executeWithoutResult(status -> jobs.findById(id).ifPresent(TrainingJob::requeue)));
            throw new HandedBack();
        }
        // the checkpoint this run resumed from or wrote, if any: a first run that wrote none has none
        if (resume != null || snapshots.written) {
            persistently(id, "dropping its checkpoint", deadline, () -> checkpoints.delete(id));
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - started);
        metrics.ended(ending.status(), ran, result.epochs() - (resume == null ? 0 : resume.epoch()));
        if (ending.status() != JobStatus.SUCCEEDED) {
            persistently(id, "ending it", deadline, () -> end(id, ending.status(), ending.message(), null));
            return;
        }
        long millis = ran.toMillis();
        ModelService.Provenance provenance = new ModelService.Provenance(id, job.datasetId(), job.request(),
                job.seed(), metrics(outcome.train()), metrics(outcome.validation()), millis, job.createdBy(),
                plan.from());
        // the model commits first; a run that stops before the job's end finds it when it runs again
        ModelSummary model = persistently(id, "storing its model", deadline,
                () -> models.register(job.name(), outcome.model(), provenance));
        persistently(id, "ending it", deadline, () -> tx.executeWithoutResult(status -> {
            progress.write(true);
            jobs.findById(id).orElseThrow()
                    .finish(JobStatus.SUCCEEDED, ending.message(), model.id(), Instant.now(clock));
        }));
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
    private <T> T persistently(UUID id, String step, long deadline, Supplier<T> action) {
        long wait = 100;
        while (true) {
            try {
                T result = action.get();
                outages.remove(id + step);
                return result;
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

    private void persistently(UUID id, String step, long deadline, Runnable action) {
        persistently(id, step, deadline, () -> {
            action.run();
            return null;
        });
    }

    /** Marks the job running, or returns null when there is nothing to run. */
    private TrainingJob begin(UUID id) {
        TrainingJob job = jobs.findById(id).orElse(null);
        if (job == null || job.status().terminal()) {
            return null;
        }
        Instant now = Instant.now(clock);
        if (job.cancelRequested()) {
            job.finish(JobStatus.CANCELLED, "cancelled before it started", null, now);
            return null;
        }
        // only a job that ran before can have a model already, a checkpoint to resume from or history to clear
        boolean ranBefore = job.attempts() > 0;
        Optional<ModelSummary> stored = ranBefore ? models.ofJob(id) : Optional.empty();
        if (stored.isPresent()) {
            checkpoints.delete(id);
            job.finish(JobStatus.SUCCEEDED, "trained; its model was stored before the instance running it stopped",
                    stored.get().id(), now);
            return null;
        }
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
        metrics.started(Duration.between(job.createdAt(), now));
        return job;
    }

    private void end(UUID id, JobStatus status, String reason, UUID modelId) {
        checkpoints.delete(id);
        tx.executeWithoutResult(s -> jobs.findById(id).orElseThrow().finish(status, reason, modelId, Instant.now(clock)));
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
        boolean written;
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
                    progress.flush(false);
                    checkpoints.save(id, new CheckpointStore.Saved(checkpoint.epoch(),
                            CheckpointCodec.toBytes(checkpoint), progress.bestEpoch, progress.bestLoss));
                    metrics.checkpointed();
                    written = true;
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

        Progress(UUID id, int total, Ticks ticks) {
            this.id = id;
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
                    flush(false);
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

        void flush(boolean end) {
            tx.executeWithoutResult(status -> write(end));
            pending.clear();
        }

        /**
         * Writes the progress and the points collected since the last flush in the caller's
         * transaction; writing again, after that transaction rolled back, writes the same.
         */
        void write(boolean end) {
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
     * rather than reading the clock again; three reads an epoch were 1 ms of a 20,000-epoch moons job.
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
