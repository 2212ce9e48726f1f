package dev.backprop.training;

import dev.backprop.engine.TrainedModel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The models of the jobs running on this instance, as they stood at their last snapshot (every
 * {@link #INTERVAL}): what a running job's pictures are drawn from. Dropped when the job stops here.
 */
@Component
class LiveModels {

    /** How often a running job's model is shown anew. */
    static final Duration INTERVAL = Duration.ofSeconds(2);

    /** A running job's model after {@code epoch} epochs. */
    record Live(TrainedModel model, int epoch) {
    }

    private final Map<UUID, Live> models = new ConcurrentHashMap<>();

    void put(UUID job, TrainedModel model, int epoch) {
        models.put(job, new Live(model, epoch));
    }

    Optional<Live> get(UUID job) {
        return Optional.ofNullable(models.get(job));
    }

    void remove(UUID job) {
        models.remove(job);
    }
}
