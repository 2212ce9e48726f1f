package dev.backprop.training;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One point of a job's loss history, as read back: the epoch's figures, keyed by job and epoch (HistoryWriter appends them). */
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

    // the epoch is the key's; the figures read it and leave writing it to the key
    @Embedded
    @AttributeOverride(name = "epoch", column = @Column(name = "epoch", insertable = false, updatable = false))
    private EpochFigures figures;

    protected HistoryPoint() {
    }

    @Override
    public Key getId() {
        return new Key(jobId, epoch);
    }

    EpochFigures figures() {
        return figures;
    }
}
