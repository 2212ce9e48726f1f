package dev.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.backprop.model.ModelSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Network;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ModelCacheTests {

    private final ModelService models = mock(ModelService.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    /** A regression model of 2 x units weights (no bias): 16 * units bytes of parameters. */
    private static TrainedModel model(int units) {
        Network network = Network.create(2, List.of(new LayerSpec(units, Activation.IDENTITY, false, 0)),
                Initializer.XAVIER, 1);
        List<String> targets = IntStream.range(0, units).mapToObj(i -> "y" + i).toList();
        return new TrainedModel(Task.REGRESSION, network, null, List.of("a", "b"), targets, List.of());
    }

    private ModelCache cache(DataSize size) {
        ModelSummary summary = mock(ModelSummary.class);
        when(summary.name()).thenReturn("cached");
        when(summary.version()).thenReturn(1);
        when(models.get(any())).thenReturn(summary);
        return new ModelCache(models, new PredictionProperties(1000, size, java.time.Duration.ofSeconds(1)), registry);
    }

    @Test
    void loadsAModelOnceAndServesItFromMemory() {
        TrainedModel model = model(3);
        when(models.load(a)).thenReturn(model);
        ModelCache cache = cache(DataSize.ofMegabytes(1));

        assertThat(cache.get(a)).isSameAs(model);
        assertThat(cache.get(a)).isSameAs(model);
        verify(models, times(1)).load(a);
        assertThat(registry.get("backprop.model.cache.requests").tag("result", "miss").counter().count()).isEqualTo(1);
        assertThat(registry.get("backprop.model.cache.requests").tag("result", "hit").counter().count()).isEqualTo(1);
        assertThat(registry.get("backprop.model.cache.size").gauge().value()).isEqualTo(6 * 8 + 4096);
        assertThat(registry.get("backprop.model.cache.models").gauge().value()).isEqualTo(1);
    }

    @Test
    void aDeletedModelIsLoadedAgainIfAskedFor() {
        when(models.load(a)).thenReturn(model(3));
        ModelCache cache = cache(DataSize.ofMegabytes(1));
        cache.get(a);

        cache.on(new ModelService.ModelDeleted(a));
        cache.get(a);

        verify(models, times(2)).load(a);
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsSize() {
        // each model: 2 x 1000 doubles (16,000 bytes) plus the overhead; room for one, not two
        when(models.load(a)).thenReturn(model(1000));
        when(models.load(b)).thenReturn(model(1000));
        ModelCache cache = cache(DataSize.ofBytes(30_000));

        cache.get(a);
        cache.get(b);
        cache.get(b);
        cache.get(a);

        verify(models, times(1)).load(b);
        verify(models, times(2)).load(a);
        assertThat(registry.get("backprop.model.cache.evictions").counter().count()).isEqualTo(2);
        assertThat(registry.get("backprop.model.cache.models").gauge().value()).isEqualTo(1);
    }
}
