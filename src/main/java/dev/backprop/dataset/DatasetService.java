package dev.backprop.dataset;

import dev.backprop.security.Caller;
import dev.backprop.engine.RandomState;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Datasets: creates them from JSON, CSV or a generator, stores their rows in chunks, and reads them
 * back. Other features load a dataset's values through {@link #load(UUID)}.
 */
@Service
public class DatasetService {

    /** Bytes fetched per query when a whole dataset is read, to bound what one query holds. */
    private static final long BYTES_PER_QUERY = 8L << 20;

    private final DatasetRepository datasets;
    private final DatasetChunkRepository chunks;
    private final DatasetProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    DatasetService(DatasetRepository datasets, DatasetChunkRepository chunks, DatasetProperties properties,
            JsonMapper json, Clock clock) {
        this.datasets = datasets;
        this.chunks = chunks;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Creates a dataset from an inline JSON body or a generator spec. */
    @Transactional
    DatasetSummary create(CreateDatasetRequest request) {
        Built built = build(request);
        return store(request.name(), request.description(), built.source(), built.generator(), built.table());
    }

    /**
     * Creates a dataset given inline in another feature's request (a training job's), inside that
     * feature's transaction: if the caller's work fails, the dataset is not kept either.
     */
    @Transactional
    public DatasetInfo createInline(CreateDatasetRequest request) {
        DatasetSummary summary = create(request);
        return info(summary.id()).orElseThrow();
    }

    /** The shape an inline dataset would have, checked but not stored. */
    public DatasetInfo preview(CreateDatasetRequest request) {
        ReadTable read = build(request).table();
        return info(null, request.name(), read.data(), DatasetStatistics.columns(read), DatasetStatistics.levels(read.data()));
    }

    private record Built(ReadTable table, DatasetSource source, String generator) {
    }

    private Built build(CreateDatasetRequest request) {
        Violations violations = new Violations();
        boolean inline = request.features() != null || request.targets() != null;
        if (request.generator() != null && inline) {
            violations.add("generator", "give either a generator or features and targets, not both");
        } else if (request.generator() == null && !inline) {
            violations.add("features", "give features and targets, or a generator");
        }
        violations.throwIfAny();
        if (request.generator() == null) {
            return new Built(new JsonDatasetReader(properties).read(request), DatasetSource.JSON, null);
        }
        if (request.columnKinds() != null || request.missingValues() != null) {
            violations.add("columnKinds", "are for features given inline; a generator's columns are numbers");
        }
        GeneratorSpec given = request.generator();
        DatasetGenerators.checkParameters(given, violations);
        if (request.task() != null) {
            violations.add("task", "is set by the generator; leave it out");
        }
        if (request.featureNames() != null || request.targetNames() != null) {
            violations.add("featureNames", "generated datasets name their own columns; leave featureNames and targetNames out");
        }
        violations.throwIfAny();
        GeneratorSpec spec = DatasetGenerators.withDefaults(given,
                ThreadLocalRandom.current().nextLong(RandomState.MAX_SEED + 1));
        checkSize(spec, violations);
        violations.throwIfAny();
        return new Built(new ReadTable(DatasetGenerators.generate(spec), List.of()), DatasetSource.GENERATOR,
                json.writeValueAsString(spec));
    }

    /** Creates a dataset from CSV text. */
    @Transactional
    DatasetSummary createFromCsv(String name, String description, Reader csv, List<String> targetColumns,
            Task task, char delimiter, Map<String, ColumnKind> kinds, List<String> missingValues) {
        ReadTable table = new CsvDatasetReader(properties).read(csv, targetColumns, task, delimiter, kinds,
                ColumnKinds.missingValues(missingValues));
        return store(name, description, DatasetSource.CSV, null, table);
    }

    /** The limits an upload of the same size would meet, checked before a single value is drawn. */
    private void checkSize(GeneratorSpec spec, Violations violations) {
        int features = spec.features() != null ? spec.features() : 2;
        long values = (long) spec.samples() * (features + 1);
        if (spec.samples() > properties.maxRows()) {
            violations.add("generator.samples", spec.samples() + " rows are more than backprop.datasets.max-rows ("
                    + properties.maxRows() + ") allows");
        }
        if (features > properties.maxFeatures()) {
            violations.add("generator.features", features + " features are more than backprop.datasets.max-features ("
                    + properties.maxFeatures() + ") allows");
        }
        if (values > properties.maxValues()) {
            violations.add("generator.samples", spec.samples() + " rows of " + features + " features and a target are "
                    + values + " values, more than backprop.datasets.max-values (" + properties.maxValues() + ") allows");
        }
    }

    private DatasetSummary store(String name, String description, DatasetSource source, String generator,
            ReadTable read) {
        TrainingData table = read.data();
        int rowBytes = (table.featureCount() + table.targetCount()) * Double.BYTES;
        int chunkRows = (int) Math.max(1, properties.chunkSize().toBytes() / rowBytes);
        UUID id = UUID.randomUUID();
        Dataset dataset = new Dataset(id, name, description, table.task(), source, table.rows(),
                DatasetStatistics.labelledRows(table), table.featureCount(), table.targetCount(), chunkRows, generator,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                DatasetStatistics.columns(read),
                table.task() == Task.CLASSIFICATION ? DatasetStatistics.classes(table) : List.of(),
                DatasetStatistics.levels(table), Caller.currentId());
        datasets.save(dataset);
        List<DatasetChunk> parts = new ArrayList<>();
        for (int from = 0, index = 0; from < table.rows(); from += chunkRows, index++) {
            int to = Math.min(table.rows(), from + chunkRows);
            parts.add(new DatasetChunk(id, index, to - from, ChunkCodec.encode(table, from, to)));
        }
        chunks.saveAll(parts);
        return summary(dataset);
    }

    @Transactional(readOnly = true)
    PageResponse<DatasetSummary> list(int page, int size) {
        PageRequest request = PageRequest.of(page, size,
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return PageResponse.of(datasets.findAll(request), this::summary);
    }

    @Transactional(readOnly = true)
    DatasetSummary get(UUID id) {
        return summary(find(id));
    }

    /** Rows {@code [page * size, page * size + size)}, decoded from the chunks that hold them. */
    @Transactional(readOnly = true)
    PageResponse<DatasetRow> rows(UUID id, int page, int size) {
        Dataset dataset = find(id);
        int total = dataset.rowCount();
        int totalPages = (total + size - 1) / size;
        long start = (long) page * size;
        if (start >= total) {
            return new PageResponse<>(List.of(), page, size, total, totalPages);
        }
        int from = (int) start;
        int to = Math.min(total, from + size);
        int firstChunk = from / dataset.chunkRows();
        int lastChunk = (to - 1) / dataset.chunkRows();
        int chunkStart = firstChunk * dataset.chunkRows();
        int span = Math.min(total, (lastChunk + 1) * dataset.chunkRows()) - chunkStart;
        double[] features = new double[span * dataset.featureCount()];
        double[] targets = new double[span * dataset.targetCount()];
        int decoded = 0;
        for (DatasetChunk chunk : chunks.findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(id, firstChunk, lastChunk)) {
            ChunkCodec.decode(chunk.data(), chunk.rowCount(), dataset.featureCount(), dataset.targetCount(),
                    features, targets, decoded);
            decoded += chunk.rowCount();
        }
        DatasetColumns columns = columns(dataset);
        List<DatasetRow> rows = new ArrayList<>(to - from);
        for (int r = from; r < to; r++) {
            rows.add(row(r, r - chunkStart, columns, features, targets));
        }
        return new PageResponse<>(rows, page, size, total, totalPages);
    }

    /**
     * Loads all of a dataset's values.
     *
     * @throws NotFoundException when no dataset has that id
     */
    @Transactional(readOnly = true)
    public TrainingData load(UUID id) {
        Dataset dataset = find(id);
        double[] features = new double[dataset.rowCount() * dataset.featureCount()];
        double[] targets = new double[dataset.rowCount() * dataset.targetCount()];
        int[] decoded = {0};
        forEachQuery(dataset, queried -> {
            for (DatasetChunk chunk : queried) {
                ChunkCodec.decode(chunk.data(), chunk.rowCount(), dataset.featureCount(), dataset.targetCount(),
                        features, targets, decoded[0]);
                decoded[0] += chunk.rowCount();
            }
        });
        DatasetColumns columns = columns(dataset);
        return new TrainingData(dataset.task(), dataset.rowCount(), columns.featureNames(), columns.targetNames(),
                columns.labels(), features, targets, columns.featureLevels());
    }

    /**
     * Reads a dataset a block of rows at a time, in memory that does not grow with the dataset (a
     * block is at most some 8 MB of values). {@code reader} sees the columns first, and may refuse
     * them by throwing before any row is read; the consumer it returns gets every block in row
     * order, its arrays reused from one block to the next.
     *
     * @throws NotFoundException when no dataset has that id
     */
    @Transactional(readOnly = true)
    public void scan(UUID id, Function<DatasetColumns, Consumer<RowBlock>> reader) {
        Dataset dataset = find(id);
        Consumer<RowBlock> blocks = reader.apply(columns(dataset));
        int rowsPerQuery = chunksPerQuery(dataset) * dataset.chunkRows();
        double[] features = new double[Math.min(dataset.rowCount(), rowsPerQuery) * dataset.featureCount()];
        double[] targets = new double[Math.min(dataset.rowCount(), rowsPerQuery) * dataset.targetCount()];
        forEachQuery(dataset, queried -> {
            int decoded = 0;
            for (DatasetChunk chunk : queried) {
                ChunkCodec.decode(chunk.data(), chunk.rowCount(), dataset.featureCount(), dataset.targetCount(),
                        features, targets, decoded);
                decoded += chunk.rowCount();
            }
            blocks.accept(new RowBlock(decoded, features, targets));
        });
    }

    /**
     * A dataset's first {@code limit} rows (or all, when it has fewer), reading no more chunks than
     * they take.
     *
     * @throws NotFoundException when no dataset has that id
     */
    @Transactional(readOnly = true)
    public RowBlock head(UUID id, int limit) {
        Dataset dataset = find(id);
        int rows = Math.min(limit, dataset.rowCount());
        int count = (rows + dataset.chunkRows() - 1) / dataset.chunkRows();
        double[] features = new double[count * dataset.chunkRows() * dataset.featureCount()];
        double[] targets = new double[count * dataset.chunkRows() * dataset.targetCount()];
        int decoded = 0;
        for (DatasetChunk chunk : chunks.findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(id, 0, count - 1)) {
            ChunkCodec.decode(chunk.data(), chunk.rowCount(), dataset.featureCount(), dataset.targetCount(), features,
                    targets, decoded);
            decoded += chunk.rowCount();
        }
        return new RowBlock(rows, features, targets);
    }

    /** A dataset's columns and classes, or empty when no dataset has that id. */
    @Transactional(readOnly = true)
    public Optional<DatasetColumns> columns(UUID id) {
        return datasets.findById(id).map(DatasetService::columns);
    }

    private static DatasetColumns columns(Dataset dataset) {
        List<String> featureNames = new ArrayList<>();
        List<String> targetNames = new ArrayList<>();
        List<List<String>> levels = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (DatasetColumn column : dataset.columns()) {
            if (column.role() == DatasetColumn.Role.FEATURE) {
                featureNames.add(column.name());
                missing.add(column.missingCount());
                levels.add(column.kind() == ColumnKind.CATEGORY ? new ArrayList<>() : null);
            } else if (column.role() == DatasetColumn.Role.TARGET) {
                targetNames.add(column.name());
            }
        }
        for (DatasetLevel level : dataset.levels()) {
            levels.get(level.column()).add(level.label());
        }
        return new DatasetColumns(dataset.id(), dataset.name(), dataset.task(), dataset.rowCount(),
                dataset.labelledRows(), featureNames, targetNames,
                dataset.classes().stream().map(DatasetClass::label).toList(), levels, missing);
    }

    private static int chunksPerQuery(Dataset dataset) {
        long chunkBytes = (long) dataset.chunkRows() * (dataset.featureCount() + dataset.targetCount()) * Double.BYTES;
        return (int) Math.max(1, BYTES_PER_QUERY / chunkBytes);
    }

    /** The dataset's chunks in order, a query's worth (some 8 MB of values) at a time. */
    private void forEachQuery(Dataset dataset, Consumer<List<DatasetChunk>> each) {
        int chunkCount = (dataset.rowCount() + dataset.chunkRows() - 1) / dataset.chunkRows();
        int chunksPerQuery = chunksPerQuery(dataset);
        for (int first = 0; first < chunkCount; first += chunksPerQuery) {
            int last = Math.min(chunkCount, first + chunksPerQuery) - 1;
            each.accept(chunks.findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(dataset.id(), first, last));
        }
    }

    /**
     * A dataset's name and shape, or empty when no dataset has that id.
     */
    @Transactional(readOnly = true)
    public Optional<DatasetInfo> info(UUID id) {
        return datasets.findById(id).map(d -> info(d.id(), d.name(), d.task(), d.rowCount(), d.labelledRows(),
                d.targetCount(), d.classes().size(), d.columns(), d.levels()));
    }

    private static DatasetInfo info(UUID id, String name, TrainingData table, List<DatasetColumn> columns,
            List<DatasetLevel> levels) {
        return info(id, name, table.task(), table.rows(), DatasetStatistics.labelledRows(table), table.targetCount(),
                table.labels().size(), columns, levels);
    }

    private static DatasetInfo info(UUID id, String name, Task task, int rows, int labelledRows, int targets,
            int classes, List<DatasetColumn> columns, List<DatasetLevel> levels) {
        List<DatasetInfo.Feature> features = new ArrayList<>();
        for (DatasetColumn column : columns) {
            if (column.role() == DatasetColumn.Role.FEATURE) {
                features.add(new DatasetInfo.Feature(column.name(), column.kind(), 0, column.missingCount()));
            }
        }
        for (DatasetLevel level : levels) {
            DatasetInfo.Feature f = features.get(level.column());
            features.set(level.column(), new DatasetInfo.Feature(f.name(), f.kind(), f.levels() + 1, f.missing()));
        }
        return new DatasetInfo(id, name, task, rows, labelledRows, features, targets, classes);
    }

    @Transactional
    void delete(UUID id) {
        Dataset dataset = find(id);
        chunks.deleteByDatasetId(id);
        datasets.delete(dataset);
    }

    private Dataset find(UUID id) {
        return datasets.findById(id).orElseThrow(() -> new NotFoundException("Dataset", id));
    }

    /**
     * Row {@code index} of a dataset, read from position {@code offset} of the given arrays: numbers, a
     * category's level, null where a value is missing.
     */
    static DatasetRow row(int index, int offset, DatasetColumns columns, double[] features, double[] targets) {
        int width = columns.featureNames().size();
        List<Object> x = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            double v = features[offset * width + c];
            List<String> levels = columns.featureLevels().get(c);
            x.add(Double.isNaN(v) ? null : levels == null ? (Object) v : levels.get((int) v));
        }
        if (columns.task() == Task.CLASSIFICATION) {
            double label = targets[offset];
            return new DatasetRow(index, x, Double.isNaN(label) ? null : columns.labels().get((int) label), null);
        }
        int count = columns.targetNames().size();
        List<Double> y = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            double v = targets[offset * count + t];
            y.add(Double.isNaN(v) ? null : v);
        }
        return new DatasetRow(index, x, null, y);
    }

    private DatasetSummary summary(Dataset dataset) {
        List<DatasetSummary.ColumnSummary> features = new ArrayList<>();
        List<DatasetSummary.ColumnSummary> targets = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<List<DatasetLevel>> levels = new ArrayList<>();
        for (DatasetLevel level : dataset.levels()) {
            while (levels.size() <= level.column()) {
                levels.add(new ArrayList<>());
            }
            levels.get(level.column()).add(level);
        }
        for (DatasetColumn column : dataset.columns()) {
            switch (column.role()) {
                case FEATURE -> features.add(DatasetSummary.ColumnSummary.of(column, features.size() < levels.size()
                        ? levels.get(features.size()) : List.of(), dataset.rowCount()));
                case TARGET -> targets.add(DatasetSummary.ColumnSummary.of(column, List.of(), dataset.rowCount()));
                case IGNORED -> ignored.add(column.name());
            }
        }
        List<DatasetSummary.ClassSummary> classes = dataset.task() == Task.CLASSIFICATION
                ? dataset.classes().stream().map(c -> new DatasetSummary.ClassSummary(c.label(), c.rowCount())).toList()
                : null;
        GeneratorSpec generator = dataset.generator() == null ? null
                : json.readValue(dataset.generator(), GeneratorSpec.class);
        return new DatasetSummary(dataset.id(), dataset.name(), dataset.description(), dataset.task(),
                dataset.source(), dataset.rowCount(), dataset.rowCount() - dataset.labelledRows(), features, targets,
                ignored.isEmpty() ? null : ignored, classes, generator, dataset.createdAt(), dataset.createdBy());
    }
}
