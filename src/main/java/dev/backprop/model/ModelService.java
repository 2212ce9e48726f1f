package dev.backprop.model;

import dev.backprop.security.Caller;
import dev.backprop.engine.ModelCodec;
import dev.backprop.dataset.DatasetColumns;
import dev.backprop.dataset.RowBlock;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.StateConflictException;
import java.time.Clock;
import org.knowm.xchart.internal.chartpart.Chart;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trained models: stores them with a version per name, lists, exports and imports them. Other
 * features register models through {@link #register} and load them through {@link #load}.
 */
@Service
public class ModelService {

    private final ModelRepository models;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTransaction;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;
    private final ModelAliases aliases;

    ModelService(ModelRepository models, TransactionTemplate tx, JsonMapper json, Clock clock,
            ApplicationEventPublisher events, JdbcTemplate jdbc, ModelAliases aliases) {
        this.models = models;
        this.aliases = aliases;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ownTransaction = new TransactionTemplate(tx.getTransactionManager());
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /** Where a model came from, how well it did and who made it; for an imported model only who. */
    public record Provenance(UUID jobId, UUID datasetId, String spec, Long seed, SplitMetrics trainMetrics,
            SplitMetrics validationMetrics, Long trainingMillis, String createdBy, UUID parentId) {

        static Provenance imported(String createdBy) {
            return new Provenance(null, null, null, null, null, null, null, createdBy, null);
        }
    }

    /**
     * Stores a model as the next version of {@code name} and returns it, in the caller's transaction
     * when there is one (a job's end commits its model with the job's outcome). A name's versions only
     * grow, deleted ones included; registrations of one name take turns on the name's counter row,
     * which the first registration of a name creates in a short transaction of its own, so that two
     * first registrations do not clash. A job stores one model: registering again for a job that has
     * one returns the one stored.
     */
    public ModelSummary register(String name, TrainedModel model, Provenance provenance) {
        byte[] weights = ModelCodec.toBytes(model);
        String architecture = json.writeValueAsString(Architecture.of(model));
        createName(name);
        return tx.execute(status -> {
            Optional<Model> stored = provenance.jobId() == null ? Optional.empty()
                    : models.findByJobId(provenance.jobId());
            if (stored.isPresent()) {
                return summary(stored.get());
            }
            Model entity = new Model(UUID.randomUUID(), name, nextVersion(name), model.task(), provenance.jobId(),
                    provenance.datasetId(), provenance.spec(), provenance.seed(), weights, architecture,
                    toJson(provenance.trainMetrics()), toJson(provenance.validationMetrics()),
                    provenance.trainingMillis(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                    provenance.createdBy(), provenance.parentId());
            models.saveAndFlush(entity);
            return summary(entity);
        });
    }

    /**
     * Creates the name's counter row unless it exists, committed at once whatever the caller's
     * transaction does (a name without models is harmless: it only fixes where its versions start).
     * {@link #register} calls it; a caller that registers inside a transaction of its own calls it
     * first, so that the registration needs no second connection.
     */
    public void createName(String name) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM model_name WHERE name = ?", Integer.class, name) > 0) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(
                    status -> jdbc.update("INSERT INTO model_name (name, last_version) VALUES (?, 0)", name));
        } catch (DuplicateKeyException e) {
            // another registration of the name created it first
        }
    }

    /**
     * The name's next version, in the caller's transaction: its counter row, which exists, is
     * incremented, and so locked until the transaction ends, which serializes registrations of one
     * name. Plain JDBC: it runs on every job's end.
     */
    private int nextVersion(String name) {
        jdbc.update("UPDATE model_name SET last_version = last_version + 1 WHERE name = ?", name);
        return jdbc.queryForObject("SELECT last_version FROM model_name WHERE name = ?", Integer.class, name);
    }

    /** Those of {@code ids} that name a stored model. */
    @Transactional(readOnly = true)
    public Set<UUID> existing(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : Set.copyOf(models.existing(ids));
    }

    /** The trained model behind an id. */
    @Transactional(readOnly = true)
    public TrainedModel load(UUID id) {
        return ModelCodec.fromBytes(find(id).weights());
    }

    @Transactional(readOnly = true)
    PageResponse<ModelSummary> list(String name, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("version")));
        var result = name == null || name.isBlank() ? models.findAll(request) : models.findByName(name, request);
        return PageResponse.of(result, this::summary);
    }

    @Transactional(readOnly = true)
    public ModelSummary get(UUID id) {
        return summary(find(id));
    }

    /** The portable JSON document of a model. */
    @Transactional(readOnly = true)
    ModelDocument export(UUID id) {
        return ModelDocument.of(load(id));
    }

    /**
     * A PNG of {@code model}'s decision boundary over features {@code x} and {@code y} (see the
     * models API), titled {@code title}, with {@code points} of the dataset {@code columns} describes
     * drawn over it when given: for pictures of models other features hold, such as a running job's.
     */
    public Chart<?, ?> boundaryChart(TrainedModel model, String title, String x, String y, int resolution,
            int width, int height, DatasetColumns columns, RowBlock points) {
        return ModelCharts.boundary(title, model, x, y, resolution, width, height, columns, points);
    }

    /** A model as an ONNX file, and the file name to give it. */
    record OnnxFile(String fileName, byte[] bytes) {
    }

    /** The model as an ONNX graph of the given element type. */
    @Transactional(readOnly = true)
    OnnxFile onnx(UUID id, OnnxExport.Precision precision) {
        Model m = find(id);
        byte[] bytes = OnnxExport.toBytes(ModelCodec.fromBytes(m.weights()), m.name(), m.version(), precision, json);
        return new OnnxFile(m.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + m.version() + ".onnx", bytes);
    }

    /** Stores a model from a portable JSON document as the next version of {@code name}. */
    ModelSummary importDocument(String name, ModelDocument document) {
        return register(name, document.toModel(), Provenance.imported(Caller.currentId()));
    }

    @Transactional
    void delete(UUID id) {
        // the name read without loading the model, which is loaded only once its name is locked: a delete
        // that waited for another one of the same model finds it gone (404), not a stale copy
        String name = jdbc.queryForList("SELECT name FROM model WHERE id = ?", String.class, id).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Model", id));
        aliases.lockName(name);
        Model model = find(id);
        List<String> naming = aliases.naming(model.name(), model.version());
        if (!naming.isEmpty()) {
            throw new StateConflictException("Model '" + model.name() + "' version " + model.version()
                    + " is named by its alias" + (naming.size() > 1 ? "es " : " ") + String.join(", ", naming)
                    + "; move or delete " + (naming.size() > 1 ? "them" : "it") + " first");
        }
        models.delete(model);
        events.publishEvent(new ModelDeleted(id));
    }

    /** Published when a model is deleted; listeners that cache models drop it after the commit. */
    public record ModelDeleted(UUID id) {
    }

    /** Published when an alias is moved or deleted; listeners that remember lookups drop it after the commit. */
    public record AliasChanged(String name, String alias) {
    }

    /** What an alias may be, and how a refusal says so. */
    public static final String ALIAS_PATTERN = ModelAliases.PATTERN;

    public static final String ALIAS_MESSAGE = ModelAliases.PATTERN_MESSAGE;

    /** Points a name's alias at one of its versions for {@code by}, as PUT .../aliases/{alias} does, recording the move. */
    public void moveAlias(String name, String alias, int version, String by) {
        aliases.move(name, alias, version, by);
    }

    /** Whether a version, as a caller gives it, is an alias (see the models API) rather than a number or latest. */
    public static boolean isAlias(String version) {
        return ModelAliases.isAlias(version);
    }

    /** A model's id and version, found by name. */
    public record ModelRef(UUID id, int version) {
    }

    /**
     * The model of a name and version: {@code "latest"}, a number, or an alias (which starts with a
     * letter); empty when none matches.
     */
    @Transactional(readOnly = true)
    public Optional<ModelRef> find(String name, String version) {
        if ("latest".equals(version)) {
            return models.findFirstByNameOrderByVersionDesc(name);
        }
        if (isAlias(version)) {
            return jdbc.query("SELECT m.id, m.version FROM model_alias a JOIN model m ON m.name = a.name"
                    + " AND m.version = a.version WHERE a.name = ? AND a.alias = ?",
                    (rs, row) -> new ModelRef(rs.getObject(1, UUID.class), rs.getInt(2)), name, version).stream().findFirst();
        }
        try {
            return models.findByNameAndVersion(name, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The versions of a name, oldest first. */
    @Transactional(readOnly = true)
    public List<Integer> versions(String name) {
        return models.versions(name);
    }

    private Model find(UUID id) {
        return models.findById(id).orElseThrow(() -> new NotFoundException("Model", id));
    }

    private String toJson(SplitMetrics metrics) {
        return metrics == null ? null : json.writeValueAsString(metrics);
    }

    private SplitMetrics metrics(String stored) {
        return stored == null ? null : json.readValue(stored, SplitMetrics.class);
    }

    private ModelSummary summary(Model m) {
        Architecture a = json.readValue(m.architecture(), Architecture.class);
        return new ModelSummary(m.getId(), m.name(), m.version(), m.task(), m.jobId(), m.datasetId(), a.inputs(),
                a.layers(), a.featureNames(), a.targetNames(), a.labels().isEmpty() ? null : a.labels(),
                a.standardized(), a.columns(), m.seed(), m.spec() == null ? null : json.readTree(m.spec()),
                metrics(m.trainMetrics()), metrics(m.validationMetrics()), m.trainingMillis(), m.createdAt(),
                m.createdBy(), m.parentId(), ModelSummary.Charts.of(m.getId(), m.task(), a.featureNames(), a.columns()), null);
    }
}
