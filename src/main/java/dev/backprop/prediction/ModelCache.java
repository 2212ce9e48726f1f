package dev.backprop.prediction;

import dev.backprop.engine.Inputs;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import dev.backprop.model.ModelSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Trained networks kept in memory so a prediction does not touch the database: bounded by the bytes
 * of their weights, least recently used out first, dropped when the model is deleted.
 */
@Component
class ModelCache {

    /** A cached model's weight of memory beyond its parameters (objects, names, labels). */
    private static final long OVERHEAD_BYTES = 4096;

    /**
     * A cached network with the meters its predictions are counted in, per name and version: looked
     * up once when the model is loaded, not on every request.
     */
    record Entry(TrainedModel model, String name, int version, Timer latency, DistributionSummary rows,
            List<Map<String, Integer>> levels) {

        Entry(TrainedModel model, String name, int version, Timer latency, DistributionSummary rows) {
            this(model, name, version, latency, rows, levelIndexes(model));
        }

        /** For each category column, its levels' indexes by text (null for a number column): built once a model. */
        private static List<Map<String, Integer>> levelIndexes(TrainedModel model) {
            List<Map<String, Integer>> indexes = new ArrayList<>();
            for (Inputs.Column column : model.inputs().columns()) {
                Map<String, Integer> index = null;
                if (column instanceof Inputs.Category c) {
                    index = new HashMap<>();
                    for (int k = 0; k < c.levels().size(); k++) {
                        index.put(c.levels().get(k), k);
                    }
                }
                indexes.add(index == null ? null : Map.copyOf(index));
            }
            return Collections.unmodifiableList(indexes);
        }
    }

    private final ModelService models;
    private final long capacity;
    private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;
    private final MeterRegistry registry;

    ModelCache(ModelService models, PredictionProperties properties, MeterRegistry registry) {
        this.models = models;
        this.capacity = properties.cacheSize().toBytes();
        this.registry = registry;
        this.hits = Counter.builder("backprop.model.cache.requests").tag("result", "hit")
                .description("models asked of the prediction cache, found in memory").register(registry);
        this.misses = Counter.builder("backprop.model.cache.requests").tag("result", "miss")
                .description("models asked of the prediction cache, loaded from the database").register(registry);
        this.evictions = Counter.builder("backprop.model.cache.evictions")
                .description("models dropped to keep the cache within backprop.prediction.cache-size").register(registry);
        Gauge.builder("backprop.model.cache.size", this, cache -> cache.bytes()).baseUnit("bytes")
                .description("memory the cached models' parameters take").register(registry);
        Gauge.builder("backprop.model.cache.models", this, cache -> cache.count())
                .description("models in the prediction cache").register(registry);
    }

    /** The model, from memory or loaded once. */
    TrainedModel get(UUID id) {
        return entry(id).model();
    }

    /** The model with its name and version, from memory or loaded once. */
    Entry entry(UUID id) {
        synchronized (this) {
            Entry entry = entries.get(id);
            if (entry != null) {
                hits.increment();
                return entry;
            }
        }
        misses.increment();
        ModelSummary summary = models.get(id);
        Tags tags = Tags.of("model", summary.name(), "version", Integer.toString(summary.version()));
        Entry loaded = new Entry(models.load(id), summary.name(), summary.version(),
                Timer.builder("backprop.predictions").tags(tags).publishPercentileHistogram()
                        .description("prediction requests per model and their forward-pass time").register(registry),
                DistributionSummary.builder("backprop.prediction.rows").tags(tags).baseUnit("rows")
                        .description("rows per prediction request").register(registry));
        synchronized (this) {
            Entry raced = entries.get(id);
            if (raced != null) {
                return raced;
            }
            entries.put(id, loaded);
            bytes += size(loaded.model());
            evict();
            return loaded;
        }
    }

    private synchronized double bytes() {
        return bytes;
    }

    private synchronized double count() {
        return entries.size();
    }

    private void evict() {
        Iterator<Map.Entry<UUID, Entry>> it = entries.entrySet().iterator();
        while (bytes > capacity && entries.size() > 1 && it.hasNext()) {
            bytes -= size(it.next().getValue().model());
            it.remove();
            evictions.increment();
        }
    }

    @TransactionalEventListener
    void on(ModelService.ModelDeleted event) {
        drop(event.id());
    }

    /** The ids of the cached models. */
    synchronized Set<UUID> ids() {
        return Set.copyOf(entries.keySet());
    }

    /** Forgets a model (deleted, here or through another instance). */
    synchronized void drop(UUID id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            bytes -= size(removed.model());
        }
    }

    private static long size(TrainedModel model) {
        return (long) model.network().parameterCount() * Double.BYTES + OVERHEAD_BYTES;
    }
}
