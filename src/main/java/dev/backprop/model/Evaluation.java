package dev.backprop.model;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A model scored on a dataset: the figures as JSON ({@link EvaluationMetrics}). */
@Entity
@Table(name = "evaluation")
class Evaluation extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(name = "model_id", nullable = false)
    private UUID modelId;

    @Column(name = "dataset_id", nullable = false)
    private UUID datasetId;

    @Column(name = "dataset_name", nullable = false, length = 200)
    private String datasetName;

    @Column(name = "row_count", nullable = false)
    private long rowCount;

    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String metrics;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", length = 200)
    private String createdBy;

    protected Evaluation() {
    }

    Evaluation(UUID id, UUID modelId, UUID datasetId, String datasetName, long rowCount, String metrics,
            Instant createdAt, String createdBy) {
        this.id = id;
        this.modelId = modelId;
        this.datasetId = datasetId;
        this.datasetName = datasetName;
        this.rowCount = rowCount;
        this.metrics = metrics;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID modelId() {
        return modelId;
    }

    UUID datasetId() {
        return datasetId;
    }

    String datasetName() {
        return datasetName;
    }

    long rowCount() {
        return rowCount;
    }

    String metrics() {
        return metrics;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }
}
