package dev.backprop.model;

import dev.backprop.engine.ModelCodec;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trained models: stores them with a version per name, lists, exports and imports them. Other
 * features register models through {@link #register} and load them through {@link #load}.
 */
@Service
public class ModelService {

    private final ModelRepository models;
    private final JsonMapper json;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    ModelService(ModelRepository models, JsonMapper json, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.models = models;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** Where a model came from and how well it did; any part may be null (an imported model). */
    public record Provenance(UUID jobId, UUID datasetId, String spec, Long seed, Object trainMetrics,
            Object validationMetrics, Long trainingMillis) {
    }

    /** Stores a model as the next version of {@code name}. */
    @Transactional
    public ModelSummary register(String name, TrainedModel model, Provenance provenance) {
        int version = models.maxVersion(name) + 1;
        Model entity = new Model(UUID.randomUUID(), name, version, model.task(), provenance.jobId(),
                provenance.datasetId(), provenance.spec(), provenance.seed(), ModelCodec.toBytes(model),
                provenance.trainMetrics() == null ? null : json.writeValueAsString(provenance.trainMetrics()),
                provenance.validationMetrics() == null ? null : json.writeValueAsString(provenance.validationMetrics()),
                provenance.trainingMillis(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        models.saveAndFlush(entity);
        return summary(entity, model);
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
        return PageResponse.of(result, m -> summary(m, ModelCodec.fromBytes(m.weights())));
    }

    @Transactional(readOnly = true)
    public ModelSummary get(UUID id) {
        Model model = find(id);
        return summary(model, ModelCodec.fromBytes(model.weights()));
    }

    /** The portable JSON document of a model. */
    @Transactional(readOnly = true)
    String export(UUID id) {
        return ModelCodec.toJson(load(id));
    }

    /** Stores a model from a portable JSON document. */
    @Transactional
    ModelSummary importDocument(String name, String document) {
        TrainedModel model;
        try {
            model = ModelCodec.fromJson(document);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("body", e.getMessage());
        }
        return register(name, model, new Provenance(null, null, null, null, null, null, null));
    }

    @Transactional
    void delete(UUID id) {
        models.delete(find(id));
        events.publishEvent(new ModelDeleted(id));
    }

    /** Published when a model is deleted; listeners that cache models drop it after the commit. */
    public record ModelDeleted(UUID id) {
    }

    /** A model's id and version, found by name. */
    public record ModelRef(UUID id, int version) {
    }

    /**
     * The model of a name and version ({@code "latest"} or a number), or empty when none matches.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<ModelRef> find(String name, String version) {
        java.util.List<Object[]> rows;
        if ("latest".equals(version)) {
            rows = models.latest(name);
        } else {
            try {
                rows = models.byVersion(name, Integer.parseInt(version));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
        return rows.stream().findFirst().map(r -> new ModelRef((UUID) r[0], ((Number) r[1]).intValue()));
    }

    /** The versions of a name, oldest first. */
    @Transactional(readOnly = true)
    public java.util.List<Integer> versions(String name) {
        return models.versions(name);
    }

    private Model find(UUID id) {
        return models.findById(id).orElseThrow(() -> new NotFoundException("Model", id));
    }

    private ModelSummary summary(Model m, TrainedModel model) {
        return new ModelSummary(m.getId(), m.name(), m.version(), m.task(), m.jobId(), m.datasetId(),
                model.network().inputs(), model.network().specs(), model.featureNames(), model.targetNames(),
                model.labels().isEmpty() ? null : model.labels(), model.standardizer() != null, m.seed(),
                m.spec() == null ? null : json.readTree(m.spec()),
                m.trainMetrics() == null ? null : json.readTree(m.trainMetrics()),
                m.validationMetrics() == null ? null : json.readTree(m.validationMetrics()),
                m.trainingMillis(), m.createdAt());
    }
}
