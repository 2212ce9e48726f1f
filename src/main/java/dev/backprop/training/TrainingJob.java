package dev.backprop.training;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A training job: its request, its progress and how it ended. The id is the scheduler's task instance. */
@Entity
@Table(name = "training_job")
// progress writes only what changed: a full-row update from the runner would write back a cancel
// flag it read before the client set it, and rewrite the stored request and plan every second
@DynamicUpdate
class TrainingJob extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "dataset_id", nullable = false)
    private UUID datasetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private JobStatus status;

    // VARCHAR on both databases; Hibernate would otherwise expect a CLOB for this length on H2
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String request;

    /** The resolved {@link TrainingPlan} as JSON: what the runner trains. Null for jobs stored before V5. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 10_000_000)
    private String plan;

    @Column(nullable = false)
    private long seed;

    @Column(name = "total_epochs", nullable = false)
    private int totalEpochs;

    /** The latest epoch's figures. */
    @Embedded
    private EpochFigures latest = EpochFigures.NONE;

    @Column(name = "best_epoch")
    private Integer bestEpoch;

    @Column(name = "best_loss")
    private Double bestLoss;

    @Column(length = 2000)
    private String reason;

    @Column(name = "model_id")
    private UUID modelId;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "idempotency_key", length = 200)
    private String idempotencyKey;

    /** SHA-256 of the request as bound, when submitted under an idempotency key. */
    @Column(name = "request_digest", length = 64)
    private String requestDigest;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "resumed_from_epoch")
    private Integer resumedFromEpoch;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /** Who created it: "key:" and an API key id, "jwt:" and a subject; null from before there were keys. */
    @Column(name = "created_by", length = 200)
    private String createdBy;

    /**
     * The search this job is a trial of, with the trial's number and the fold it holds out; or the search
     * whose best it refits (no trial); null otherwise.
     */
    @Column(name = "search_id")
    private UUID searchId;

    @Column(name = "trial")
    private Integer trial;

    @Column(name = "fold")
    private Integer fold;

    /** The rung of successive halving this run trains; null outside searches that halve. */
    @Column(name = "rung")
    private Integer rung;

    /** A trial job's final figures on its held-out rows, as JSON: trial jobs store no model. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "held_out", length = 1_000_000)
    private String heldOut;

    protected TrainingJob() {
    }

    /** A job that trains one fold of a search's trial. */
    static TrainingJob forTrial(UUID id, String name, UUID datasetId, String request, String plan, long seed,
            int totalEpochs, Instant createdAt, String createdBy, UUID searchId, int trial, int rung, int fold) {
        TrainingJob job = new TrainingJob(id, name, datasetId, request, plan, seed, totalEpochs, null, null, createdAt,
                createdBy);
        job.searchId = searchId;
        job.trial = trial;
        job.fold = fold;
        job.rung = rung;
        return job;
    }

    /** A job that refits a search's best trial on every row: a job as any, which names its search. */
    static TrainingJob forRefit(UUID id, String name, UUID datasetId, String request, String plan, long seed,
            int totalEpochs, Instant createdAt, String createdBy, UUID searchId) {
        TrainingJob job = new TrainingJob(id, name, datasetId, request, plan, seed, totalEpochs, null, null, createdAt,
                createdBy);
        job.searchId = searchId;
        return job;
    }

    UUID searchId() {
        return searchId;
    }

    Integer trial() {
        return trial;
    }

    Integer fold() {
        return fold;
    }

    Integer rung() {
        return rung;
    }

    void heldOut(String figures) {
        this.heldOut = figures;
    }

    TrainingJob(UUID id, String name, UUID datasetId, String request, String plan, long seed, int totalEpochs,
            String idempotencyKey, String requestDigest, Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.datasetId = datasetId;
        this.status = JobStatus.QUEUED;
        this.request = request;
        this.plan = plan;
        this.seed = seed;
        this.totalEpochs = totalEpochs;
        this.idempotencyKey = idempotencyKey;
        this.requestDigest = requestDigest;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    String createdBy() {
        return createdBy;
    }

    @Override
    public UUID getId() {
        return id;
    }

    /** A fresh run: attempts counted, progress and history of any earlier, interrupted run dropped. */
    void start(Instant now) {
        status = JobStatus.RUNNING;
        attempts++;
        resumedFromEpoch = null;
        startedAt = now;
        latest = EpochFigures.NONE;
        bestEpoch = null;
        bestLoss = null;
    }

    /**
     * This run continues from a checkpoint taken after {@code epoch}, with the figures and the best of
     * then, so that the job shows where it stands from its first answer, not epoch 0.
     */
    void resume(int epoch, EpochFigures latest, Integer bestEpoch, Double bestLoss) {
        this.resumedFromEpoch = epoch;
        this.latest = latest;
        this.bestEpoch = bestEpoch;
        this.bestLoss = bestLoss;
    }

    Integer resumedFromEpoch() {
        return resumedFromEpoch;
    }

    void progress(EpochFigures latest, Integer bestEpoch, Double bestLoss) {
        this.latest = latest;
        this.bestEpoch = bestEpoch;
        this.bestLoss = bestLoss;
    }

    void finish(JobStatus status, String reason, UUID modelId, Instant now) {
        this.status = status;
        this.reason = reason;
        this.modelId = modelId;
        this.finishedAt = now;
    }

    /** Back in the queue after its instance stopped mid-run. */
    void requeue() {
        status = JobStatus.QUEUED;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    String name() {
        return name;
    }

    UUID datasetId() {
        return datasetId;
    }

    JobStatus status() {
        return status;
    }

    String request() {
        return request;
    }

    String plan() {
        return plan;
    }

    long seed() {
        return seed;
    }

    int totalEpochs() {
        return totalEpochs;
    }

    EpochFigures latest() {
        return latest;
    }

    Integer bestEpoch() {
        return bestEpoch;
    }

    Double bestLoss() {
        return bestLoss;
    }

    String reason() {
        return reason;
    }

    UUID modelId() {
        return modelId;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    String requestDigest() {
        return requestDigest;
    }

    int attempts() {
        return attempts;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }
}
