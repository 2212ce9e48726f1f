package dev.backprop.training;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One epoch of a job's loss history. */
@Entity
@Table(name = "training_history")
@IdClass(HistoryPoint.Key.class)
class HistoryPoint extends AssignedIdEntity<HistoryPoint.Key> {

    record Key(UUID jobId, int epoch) implements Serializable {
    }

    @Id
    @Column(name = "job_id")
    private UUID jobId;

    @Id
    private int epoch;

    @Column(name = "train_loss")
    private Double trainLoss;

    @Column(name = "validation_loss")
    private Double validationLoss;

    @Column(name = "train_metric")
    private Double trainMetric;

    @Column(name = "validation_metric")
    private Double validationMetric;

    @Column(name = "learning_rate", nullable = false)
    private double learningRate;

    protected HistoryPoint() {
    }

    HistoryPoint(UUID jobId, int epoch, Double trainLoss, Double validationLoss, Double trainMetric,
            Double validationMetric, double learningRate) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.trainMetric = trainMetric;
        this.validationMetric = validationMetric;
        this.learningRate = learningRate;
    }

    @Override
    public Key getId() {
        return new Key(jobId, epoch);
    }

    int epoch() {
        return epoch;
    }

    Double trainLoss() {
        return trainLoss;
    }

    Double validationLoss() {
        return validationLoss;
    }

    Double trainMetric() {
        return trainMetric;
    }

    Double validationMetric() {
        return validationMetric;
    }

    double learningRate() {
        return learningRate;
    }
}
