package dev.backprop.prediction;

import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final ModelService models;
    private final long capacity;
    private final LinkedHashMap<UUID, TrainedModel> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ModelCache(ModelService models, PredictionProperties properties) {
        this.models = models;
        this.capacity = properties.cacheSize().toBytes();
    }

    /** The model, from memory or loaded once. */
    TrainedModel get(UUID id) {
        synchronized (this) {
            TrainedModel model = entries.get(id);
            if (model != null) {
                return model;
            }
        }
        TrainedModel loaded = models.load(id);
        synchronized (this) {
            TrainedModel raced = entries.get(id);
            if (raced != null) {
                return raced;
            }
            entries.put(id, loaded);
            bytes += size(loaded);
            evict();
            return loaded;
        }
    }

    private void evict() {
        Iterator<Map.Entry<UUID, TrainedModel>> it = entries.entrySet().iterator();
        while (bytes > capacity && entries.size() > 1 && it.hasNext()) {
            bytes -= size(it.next().getValue());
            it.remove();
        }
    }

    @TransactionalEventListener
    void on(ModelService.ModelDeleted event) {
        synchronized (this) {
            TrainedModel removed = entries.remove(event.id());
            if (removed != null) {
                bytes -= size(removed);
            }
        }
    }

    private static long size(TrainedModel model) {
        return (long) model.network().parameterCount() * Double.BYTES + OVERHEAD_BYTES;
    }
}
