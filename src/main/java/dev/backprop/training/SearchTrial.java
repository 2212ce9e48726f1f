package dev.backprop.training;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One trial of a search: the values it drew, the training request and plan they make, and its figures. */
@Entity
@Table(name = "search_trial")
@IdClass(SearchTrial.Key.class)
class SearchTrial {

    record Key(UUID searchId, int number) implements Serializable {
    }

    @Id
    @Column(name = "search_id")
    private UUID searchId;

    @Id
    private int number;

    /** The values drawn, by field path, as a JSON object. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 1_000_000)
    private String parameters;

    /** The training job request the values make (without a held-out split): what a refit submits. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String request;

    /** The plan each of its runs trains, before a fold is chosen. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String plan;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private TrialStatus status;

    /** The rung of successive halving it is at (0 for searches that do not halve); its score is this rung's once scored. */
    @Column(nullable = false)
    private int rung;

    /** The objective: the mean over folds, at {@link #scoredRung}. */
    private Double score;

    /** The rung its score is of; null before it has one. */
    @Column(name = "scored_rung")
    private Integer scoredRung;

    @Column(name = "score_std")
    private Double scoreStd;

    /** Each fold's score, as a JSON array. */
    @Column(name = "fold_scores", length = 100_000)
    private String foldScores;

    /** Epochs trained, the mean over folds rounded. */
    private Integer epochs;

    /** Training time over every run it had, all rungs and folds. */
    @Column(name = "train_millis")
    private Long trainMillis;

    @Column(name = "parameter_count", nullable = false)
    private long parameterCount;

    @Column(length = 2000)
    private String reason;

    protected SearchTrial() {
    }

    SearchTrial(UUID searchId, int number, String parameters, String request, String plan, long parameterCount) {
        this.searchId = searchId;
        this.number = number;
        this.parameters = parameters;
        this.request = request;
        this.plan = plan;
        this.parameterCount = parameterCount;
        this.status = TrialStatus.PENDING;
    }

    void running() {
        status = TrialStatus.RUNNING;
    }

    /** On to the next rung, waiting to be queued; its score stays the last rung's until this one's. */
    void promote() {
        rung++;
        status = TrialStatus.PENDING;
    }

    void prune(String reason) {
        status = TrialStatus.PRUNED;
        this.reason = reason;
    }

    int rung() {
        return rung;
    }

    Integer scoredRung() {
        return scoredRung;
    }

    void succeed(double score, double std, String foldScores, int epochs, long trainMillis) {
        this.status = TrialStatus.SUCCEEDED;
        this.score = score;
        this.scoredRung = rung;
        this.scoreStd = std;
        this.foldScores = foldScores;
        this.epochs = epochs;
        this.trainMillis = trainMillis;
    }

    void end(TrialStatus status, String reason, Integer epochs, Long trainMillis) {
        this.status = status;
        this.reason = reason;
        this.epochs = epochs;
        this.trainMillis = trainMillis;
    }

    UUID searchId() {
        return searchId;
    }

    int number() {
        return number;
    }

    String parameters() {
        return parameters;
    }

    String request() {
        return request;
    }

    String plan() {
        return plan;
    }

    TrialStatus status() {
        return status;
    }

    Double score() {
        return score;
    }

    Double scoreStd() {
        return scoreStd;
    }

    String foldScores() {
        return foldScores;
    }

    Integer epochs() {
        return epochs;
    }

    Long trainMillis() {
        return trainMillis;
    }

    long parameterCount() {
        return parameterCount;
    }

    String reason() {
        return reason;
    }
}
