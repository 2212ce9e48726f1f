package dev.backprop.dataset;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/**
 * A run of consecutive rows of one dataset, encoded by {@link ChunkCodec}: chunk k holds rows
 * {@code k * chunkRows} onwards.
 */
@Entity
@Table(name = "dataset_chunk")
@IdClass(DatasetChunk.Key.class)
class DatasetChunk extends AssignedIdEntity<DatasetChunk.Key> {

    record Key(UUID datasetId, int chunkIndex) implements Serializable {
    }

    @Id
    @Column(name = "dataset_id")
    private UUID datasetId;

    @Id
    @Column(name = "chunk_index")
    private int chunkIndex;

    @Column(name = "row_count", nullable = false)
    private int rowCount;

    @Column(name = "data", nullable = false)
    private byte[] data;

    protected DatasetChunk() {
    }

    DatasetChunk(UUID datasetId, int chunkIndex, int rowCount, byte[] data) {
        this.datasetId = datasetId;
        this.chunkIndex = chunkIndex;
        this.rowCount = rowCount;
        this.data = data;
    }

    int chunkIndex() {
        return chunkIndex;
    }

    int rowCount() {
        return rowCount;
    }

    byte[] data() {
        return data;
    }

    @Override
    public DatasetChunk.Key getId() {
        return new Key(datasetId, chunkIndex);
    }
}
