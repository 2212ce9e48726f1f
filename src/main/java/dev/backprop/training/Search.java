package dev.backprop.training;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
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

/** A hyperparameter search: its request, its settings as resolved, and how it stands. */
@Entity
@Table(name = "search")
// a cancel flag set by a client is not written back by a coordinator that read the row before
@DynamicUpdate
class Search extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "dataset_id", nullable = false)
    private UUID datasetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private SearchStatus status;

    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String request;

    @Column(nullable = false)
    private long seed;

    @Column(nullable = false)
    private int trials;

    /** k of k-fold cross-validation; 0 for one validation split. */
    @Column(nullable = false)
    private int folds;

    @Column(nullable = false)
    private int parallelism;

    @Column(name = "max_failed_trials", nullable = false)
    private int maxFailedTrials;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private SearchMetric metric;

    @Column(nullable = false)
    private boolean maximize;

    /** No trial starts after this; null for no limit. */
    private Instant deadline;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    /** Whether the best trial is refit on every row once every trial has ended. */
    @Column(nullable = false)
    private boolean refit;

    /** The alias moved to the refit model's version; null for none. */
    @Column(name = "promote_alias", length = 64)
    private String promoteAlias;

    /** The job refitting the best trial, once queued. */
    @Column(name = "refit_job_id")
    private UUID refitJobId;

    /** Successive halving's factor; null for a search that does not halve. */
    @Column(name = "halving_factor")
    private Integer halvingFactor;

    /** The epochs of each rung, as a JSON array; null for a search that does not halve. */
    @Column(name = "rung_epochs", length = 10_000)
    private String rungEpochs;

    @Column(name = "best_trial")
    private Integer bestTrial;

    @Column(name = "best_score")
    private Double bestScore;

    @Column(length = 2000)
    private String reason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "created_by", length = 200)
    private String createdBy;

    protected Search() {
    }

    Search(UUID id, String name, UUID datasetId, String request, long seed, int trials, int folds, int parallelism,
            int maxFailedTrials, SearchMetric metric, boolean maximize, Instant deadline, Instant createdAt,
            String createdBy) {
        this.id = id;
        this.name = name;
        this.datasetId = datasetId;
        this.status = SearchStatus.RUNNING;
        this.request = request;
        this.seed = seed;
        this.trials = trials;
        this.folds = folds;
        this.parallelism = parallelism;
        this.maxFailedTrials = maxFailedTrials;
        this.metric = metric;
        this.maximize = maximize;
        this.deadline = deadline;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    @Override
    public UUID getId() {
        return id;
    }

    void promote(boolean refit, String alias) {
        this.refit = refit;
        this.promoteAlias = alias;
    }

    boolean refit() {
        return refit;
    }

    String promoteAlias() {
        return promoteAlias;
    }

    UUID refitJobId() {
        return refitJobId;
    }

    void refitBy(UUID job) {
        this.refitJobId = job;
    }

    void halving(int factor, String rungEpochs) {
        this.halvingFactor = factor;
        this.rungEpochs = rungEpochs;
    }

    Integer halvingFactor() {
        return halvingFactor;
    }

    String rungEpochs() {
        return rungEpochs;
    }

    void best(Integer trial, Double score) {
        this.bestTrial = trial;
        this.bestScore = score;
    }

    void finish(SearchStatus status, String reason, Instant now) {
        this.status = status;
        this.reason = reason;
        this.finishedAt = now;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** Whether {@code a} scores better than {@code b} under this search's direction. */
    boolean better(double a, double b) {
        return maximize ? a > b : a < b;
    }

    /** Training runs per trial: one per fold, or one with a validation split. */
    int runsPerTrial() {
        return Math.max(1, folds);
    }

    String name() {
        return name;
    }

    UUID datasetId() {
        return datasetId;
    }

    SearchStatus status() {
        return status;
    }

    String request() {
        return request;
    }

    long seed() {
        return seed;
    }

    int trials() {
        return trials;
    }

    int folds() {
        return folds;
    }

    int parallelism() {
        return parallelism;
    }

    int maxFailedTrials() {
        return maxFailedTrials;
    }

    SearchMetric metric() {
        return metric;
    }

    boolean maximize() {
        return maximize;
    }

    Instant deadline() {
        return deadline;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    Integer bestTrial() {
        return bestTrial;
    }

    Double bestScore() {
        return bestScore;
    }

    String reason() {
        return reason;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    String createdBy() {
        return createdBy;
    }
}
