package dev.backprop.model;

import dev.backprop.engine.Task;
import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A trained model: the engine's binary form, its name and version, and where it came from. */
@Entity
@Table(name = "model")
class Model extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false)
    private int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Task task;

    @Column(name = "job_id")
    private UUID jobId;

    @Column(name = "dataset_id")
    private UUID datasetId;

    /** The training job's request as JSON, or null for an imported model. */
    // VARCHAR on both databases; Hibernate would otherwise expect a CLOB for this length on H2
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 10_000_000)
    private String spec;

    private Long seed;

    @Column(nullable = false)
    private byte[] weights;

    /** {@link Architecture} as JSON: what listing a model shows, read without decoding the weights. */
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10_000_000)
    private String architecture;

    @Column(name = "train_metrics", length = 100_000)
    private String trainMetrics;

    @Column(name = "validation_metrics", length = 100_000)
    private String validationMetrics;

    @Column(name = "training_millis")
    private Long trainingMillis;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Who created it: "key:" and an API key id, "jwt:" and a subject; null from before there were keys. */
    @Column(name = "created_by", length = 200)
    private String createdBy;

    /** The model this one continued training from, or null. */
    @Column(name = "parent_id")
    private UUID parentId;

    protected Model() {
    }

    Model(UUID id, String name, int version, Task task, UUID jobId, UUID datasetId, String spec, Long seed,
            byte[] weights, String architecture, String trainMetrics, String validationMetrics, Long trainingMillis, Instant createdAt,
            String createdBy, UUID parentId) {
        this.id = id;
        this.name = name;
        this.version = version;
        this.task = task;
        this.jobId = jobId;
        this.datasetId = datasetId;
        this.spec = spec;
        this.seed = seed;
        this.weights = weights;
        this.architecture = architecture;
        this.trainMetrics = trainMetrics;
        this.validationMetrics = validationMetrics;
        this.trainingMillis = trainingMillis;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.parentId = parentId;
    }

    UUID parentId() {
        return parentId;
    }

    String createdBy() {
        return createdBy;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String name() {
        return name;
    }

    int version() {
        return version;
    }

    Task task() {
        return task;
    }

    UUID jobId() {
        return jobId;
    }

    UUID datasetId() {
        return datasetId;
    }

    String spec() {
        return spec;
    }

    Long seed() {
        return seed;
    }

    byte[] weights() {
        return weights;
    }

    String architecture() {
        return architecture;
    }

    String trainMetrics() {
        return trainMetrics;
    }

    String validationMetrics() {
        return validationMetrics;
    }

    Long trainingMillis() {
        return trainingMillis;
    }

    Instant createdAt() {
        return createdAt;
    }
}
