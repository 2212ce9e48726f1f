package dev.backprop.dataset;

import dev.backprop.engine.Task;
import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/** A dataset's metadata and statistics; its values live in {@link DatasetChunk}s. */
@Entity
@Table(name = "dataset")
class Dataset extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(length = 2000)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Task task;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private DatasetSource source;

    @Column(name = "row_count", nullable = false)
    private int rowCount;

    /** Rows that have their target: the others are kept, and train nothing. */
    @Column(name = "labelled_rows", nullable = false)
    private int labelledRows;

    @Column(name = "feature_count", nullable = false)
    private int featureCount;

    @Column(name = "target_count", nullable = false)
    private int targetCount;

    /** Rows per stored chunk; the last chunk may hold fewer. */
    @Column(name = "chunk_rows", nullable = false)
    private int chunkRows;

    /** The generator spec with every default filled in, as JSON; null unless generated. */
    @Column(length = 2000)
    private String generator;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "dataset_column", joinColumns = @JoinColumn(name = "dataset_id"))
    @OrderColumn(name = "col_index")
    @BatchSize(size = 100)
    private List<DatasetColumn> columns = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "dataset_class", joinColumns = @JoinColumn(name = "dataset_id"))
    @OrderColumn(name = "class_index")
    @BatchSize(size = 100)
    private List<DatasetClass> classes = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "dataset_level", joinColumns = @JoinColumn(name = "dataset_id"))
    @OrderColumn(name = "level_order")
    @BatchSize(size = 100)
    private List<DatasetLevel> levels = new ArrayList<>();

    /** Who created it: "key:" and an API key id, "jwt:" and a subject; null from before there were keys. */
    @Column(name = "created_by", length = 200)
    private String createdBy;

    protected Dataset() {
    }

    Dataset(UUID id, String name, String description, Task task, DatasetSource source, int rowCount,
            int labelledRows, int featureCount, int targetCount, int chunkRows, String generator, Instant createdAt,
            List<DatasetColumn> columns, List<DatasetClass> classes, List<DatasetLevel> levels, String createdBy) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.task = task;
        this.source = source;
        this.rowCount = rowCount;
        this.labelledRows = labelledRows;
        this.featureCount = featureCount;
        this.targetCount = targetCount;
        this.chunkRows = chunkRows;
        this.generator = generator;
        this.createdAt = createdAt;
        this.columns = new ArrayList<>(columns);
        this.classes = new ArrayList<>(classes);
        this.levels = new ArrayList<>(levels);
        this.createdBy = createdBy;
    }

    String createdBy() {
        return createdBy;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    Task task() {
        return task;
    }

    DatasetSource source() {
        return source;
    }

    int rowCount() {
        return rowCount;
    }

    int labelledRows() {
        return labelledRows;
    }

    List<DatasetLevel> levels() {
        return levels;
    }

    int featureCount() {
        return featureCount;
    }

    int targetCount() {
        return targetCount;
    }

    int chunkRows() {
        return chunkRows;
    }

    String generator() {
        return generator;
    }

    Instant createdAt() {
        return createdAt;
    }

    List<DatasetColumn> columns() {
        return columns;
    }

    List<DatasetClass> classes() {
        return classes;
    }

    @Override
    public UUID getId() {
        return id;
    }
}
