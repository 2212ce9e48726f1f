package dev.backprop.training;

import dev.backprop.security.Caller;
import dev.backprop.system.ConflictingRequestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;
import dev.backprop.dataset.DatasetInfo;
import dev.backprop.model.ModelSummary;
import dev.backprop.model.ModelService;
import dev.backprop.dataset.DatasetColumns;
import dev.backprop.dataset.DatasetService;
import dev.backprop.engine.RandomState;
import dev.backprop.system.ConstraintViolations;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.TooManyRequestsException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.StateConflictException;
import dev.backprop.system.Violation;
import jakarta.validation.Validator;
import dev.backprop.engine.TrainedModel;
import org.knowm.xchart.internal.chartpart.Chart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training jobs: checks a request against its dataset, stores the job and schedules it in one
 * transaction ({@link JobQueue}), and reads jobs back.
 */
@Service
class TrainingJobService {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobService.class);

    private final TrainingJobRepository jobs;
    private final HistoryStore history;
    private final DatasetService datasets;
    private final JobQueue queue;
    private final Validator validator;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Submitters submitters;
    private final TrainingProperties properties;
    private final ModelService models;
    private final LiveModels live;

    TrainingJobService(TrainingJobRepository jobs, HistoryStore history, DatasetService datasets,
            JobQueue queue, Validator validator, JsonMapper json, Clock clock, TransactionTemplate tx,
            Submitters submitters,
            TrainingProperties properties, ModelService models, LiveModels live) {
        this.live = live;
        this.submitters = submitters;
        this.models = models;
        this.jobs = jobs;
        this.history = history;
        this.datasets = datasets;
        this.queue = queue;
        this.validator = validator;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.properties = properties;
    }

    /** How long a caller at its limit of active jobs is asked to wait before trying again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    /** What a dry run found: the network and training the request resolves to. */
    record Plan(TrainingPlan plan, DatasetInfo dataset) {
    }

    /** Checks the request; throws a 400 listing every problem. An inline dataset is checked, not stored. */
    @Transactional(readOnly = true)
    Plan check(TrainingJobRequest request) {
        List<Violation> found = validate(request);
        return plan(request, request.datasetId() != null ? existing(request.datasetId())
                : inDataset(() -> datasets.preview(request.dataset())), found);
    }

    private DatasetInfo existing(UUID id) {
        return datasets.info(id).orElseThrow(() -> new InvalidRequestException("datasetId", "no dataset has id " + id));
    }

    /**
     * What the request's field annotations find, and whether it names one dataset. Returns the
     * problems for the planner to report with its own; throws at once when there is no dataset to
     * plan against.
     */
    private List<Violation> validate(TrainingJobRequest request) {
        List<Violation> found = new ArrayList<>(ConstraintViolations.of(validator.validate(request)));
        if ((request.datasetId() == null) == (request.dataset() == null)) {
            found.add(Violation.of("datasetId", request.datasetId() == null
                    ? "give datasetId, or a dataset inline" : "give datasetId or a dataset inline, not both"));
        }
        if (found.stream().anyMatch(v -> v.field().startsWith("dataset"))) {
            throw new InvalidRequestException(found);
        }
        return found;
    }

    /** Runs dataset work, naming its problems under {@code dataset.} as they sit in the job request. */
    private static DatasetInfo inDataset(Supplier<DatasetInfo> work) {
        try {
            return work.get();
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.violations().stream()
                    .map(v -> new Violation("dataset." + v.field(), v.message(), v.row(), v.column()))
                    .toList());
        }
    }

    private Plan plan(TrainingJobRequest request, DatasetInfo info, List<Violation> found) {
        long seed = ThreadLocalRandom.current().nextLong(RandomState.MAX_SEED + 1);
        if (request.from() != null) {
            Continuation.Spec spec = continuation(request, info, found);
            TrainingPlan plan = TrainingPlanner.plan(spec.model(), request.training(), spec.shape(), seed, List.of(),
                    properties.limits());
            return new Plan(plan.continuing(request.from().modelId()), info);
        }
        DatasetShape shape = DatasetShape.of(info, TrainingPlanner.preprocessing(request.model()));
        return new Plan(TrainingPlanner.plan(request.model(), request.training(), shape, seed, found,
                properties.limits()), info);
    }

    /** The request checked against the model it continues and the dataset; throws a 400 listing every problem. */
    private Continuation.Spec continuation(TrainingJobRequest request, DatasetInfo info, List<Violation> found) {
        List<Violation> problems = new ArrayList<>(found);
        if (request.dataset() != null) {
            problems.add(Violation.of("dataset", "continuing a model takes a stored dataset: give datasetId"));
        }
        UUID parentId = request.from().modelId();
        ModelSummary parent = null;
        if (parentId != null) {
            try {
                parent = models.get(parentId);
            } catch (NotFoundException e) {
                problems.add(Violation.of("from.modelId", "no model has id " + parentId));
            }
        }
        if (parent == null || request.dataset() != null) {
            throw new InvalidRequestException(problems);
        }
        DatasetColumns columns = datasets.columns(info.id()).orElseThrow(() -> new NotFoundException("Dataset", info.id()));
        return Continuation.check(request, parent, columns, "datasetId", problems);
    }

    /**
     * Stores and schedules a job. With an idempotency key already used for the same request, returns
     * that job instead; with the key used for another request, refuses (422). Two retries racing on
     * one key: the one that commits is the job, and the other answers with it.
     */
    JobResponse submit(TrainingJobRequest request, String idempotencyKey) {
        String digest = idempotencyKey == null ? null : digest(request);
        submitters.register(Caller.currentId());
        try {
            return tx.execute(status -> submitOnce(request, idempotencyKey, digest));
        } catch (DataIntegrityViolationException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            return tx.execute(status -> jobs.findByIdempotencyKey(idempotencyKey).map(job -> replay(job, digest))
                    .orElseThrow(() -> e));
        }
    }

    private JobResponse submitOnce(TrainingJobRequest request, String idempotencyKey, String digest) {
        if (idempotencyKey != null) {
            Optional<TrainingJob> existing = jobs.findByIdempotencyKey(idempotencyKey);
            if (existing.isPresent()) {
                return replay(existing.get(), digest);
            }
        }
        String caller = Caller.currentId();
        // held until this transaction ends: the caller's next submission counts this job too
        submitters.hold(caller);
        long active = jobs.countByCreatedByAndStatusIn(caller, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
        if (active >= properties.maxActiveJobs()) {
            throw new TooManyRequestsException(caller + " has " + active + " jobs queued or running; at most "
                    + properties.maxActiveJobs() + " are allowed at once (backprop.training.max-active-jobs):"
                    + " wait for one to finish, or cancel one", RETRY_AFTER);
        }
        List<Violation> found = validate(request);
        // an inline dataset is stored in this transaction: a spec that fails to plan rolls it back too
        DatasetInfo info = request.datasetId() != null ? existing(request.datasetId())
                : inDataset(() -> datasets.createInline(request.dataset()));
        Plan plan = plan(request, info, found);
        // the job keeps the dataset's id, not its rows: a re-run reads the stored dataset
        TrainingJobRequest stored = new TrainingJobRequest(info.id(), null, request.name(), request.model(),
                request.training(), request.from());
        UUID id = UUID.randomUUID();
        String name = request.from() != null ? models.get(request.from().modelId()).name()
                : request.name() != null && !request.name().isBlank() ? request.name() : plan.dataset().name();
        TrainingJob job = new TrainingJob(id, name, info.id(), json.writeValueAsString(stored),
                json.writeValueAsString(plan.plan()), plan.plan().seed(), plan.plan().training().epochs(), idempotencyKey,
                digest, Instant.now(clock).truncatedTo(ChronoUnit.MICROS), caller);
        queue.add(job, Instant.now(clock));
        return JobResponse.of(job, plan.plan().withoutInitialWeights(), Instant.now(clock));
    }

    /** The job an idempotency key made, if the request is the same one (jobs stored before V6 have no digest). */
    private JobResponse replay(TrainingJob job, String digest) {
        if (job.requestDigest() != null && !job.requestDigest().equals(digest)) {
            throw new ConflictingRequestException("Idempotency-Key " + job.idempotencyKey()
                    + " was used for a different request (job " + job.getId() + "); use a new key for a new job");
        }
        return response(job, Instant.now(clock));
    }

    /** SHA-256 of the request as bound: the same for the same request however its JSON was spaced or ordered. */
    private String digest(TrainingJobRequest request) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The job as clients see it, with the plan it was stored with. */
    private JobResponse response(TrainingJob job, Instant now) {
        return JobResponse.of(job, plan(job), now);
    }

    /** Plans read for display, by job, the newest used kept: a stored plan never changes, and events ask often. */
    private final Map<UUID, Optional<TrainingPlan>> plans = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Optional<TrainingPlan>> eldest) {
                    return size() > 4096;
                }
            });

    /**
     * The job's stored plan as it is shown, or null: a job queued before plans were stored has none,
     * and one whose plan this version no longer reads is shown without it rather than failing every
     * listing it is on.
     */
    private TrainingPlan plan(TrainingJob job) {
        if (job.plan() == null) {
            return null;
        }
        return plans.computeIfAbsent(job.getId(), id -> {
            try {
                return Optional.of(json.readValue(job.plan(), TrainingPlan.class).withoutInitialWeights());
            } catch (JacksonException | IllegalArgumentException e) {
                log.warn("Training job {}: its stored plan does not read as this version's plans do ({}); it is shown"
                        + " without it", id, e.getClass().getSimpleName());
                return Optional.empty();
            }
        }).orElse(null);
    }

    @Transactional(readOnly = true)
    JobResponse get(UUID id) {
        return response(find(id), Instant.now(clock));
    }

    @Transactional(readOnly = true)
    PageResponse<JobResponse> list(JobStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Instant now = Instant.now(clock);
        return PageResponse.of(status == null ? jobs.findAll(request) : jobs.findByStatus(status, request),
                j -> response(j, now));
    }

    /** Asks a queued or running job to stop; the runner reads the flag at least once per epoch. */
    @Transactional
    JobResponse cancel(UUID id) {
        TrainingJob job = find(id);
        if (job.status().terminal()) {
            throw new StateConflictException("The job has already ended (" + job.status() + "); there is nothing to cancel");
        }
        job.requestCancel();
        return response(job, Instant.now(clock));
    }

    /** The job's decision boundary: its model's once it has one, its live network's while it runs here. */
    @Transactional(readOnly = true)
    Chart<?, ?> boundaryChart(UUID id, String x, String y, int resolution, int width, int height) {
        TrainingJob job = find(id);
        TrainedModel model;
        String title;
        if (job.modelId() != null) {
            model = models.load(job.modelId());
            title = job.name() + ", trained";
        } else {
            LiveModels.Live now = live.get(id).orElseThrow(() -> new NotFoundException("Decision boundary of job", id));
            model = now.model();
            title = job.name() + " after epoch " + now.epoch();
        }
        DatasetColumns columns = datasets.columns(job.datasetId()).orElse(null);
        return models.boundaryChart(model, title, x, y, resolution, width, height, columns,
                columns == null ? null : datasets.head(job.datasetId(), 1000));
    }

    @Transactional(readOnly = true)
    HistoryResponse history(UUID id) {
        TrainingJob job = find(id);
        return new HistoryResponse(id, job.totalEpochs(), history.read(id));
    }

    private TrainingJob find(UUID id) {
        return jobs.findById(id).orElseThrow(() -> new NotFoundException("Training job", id));
    }
}
