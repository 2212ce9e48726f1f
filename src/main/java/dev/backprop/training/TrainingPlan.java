package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Loss;
import dev.backprop.engine.ModelSpec;
import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.Preprocessing;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Schedule;
import dev.backprop.engine.TrainingConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A training spec checked against its dataset, every default filled in: what a dry run shows, what
 * is stored with the job, and what the runner hands the engine, so a queued job does not depend on
 * how requests are shaped when it runs.
 */
@Schema(description = "The network and training a request resolves to, every default filled in")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingPlan(
        @Schema(description = "seeds initialization, the split, shuffling and dropout") long seed,
        Network model,
        Training training,
        @Schema(description = "share of rows held out for validation") double validationFraction,
        @Schema(description = "the stored model training continues from; its weights and standardization are the start")
        UUID from,
        @Schema(description = "a search trial's cross-validation: the fold held out for validation instead of a drawn"
                + " fraction") Fold fold) {

    /** This plan as a job shows it: explicit starting weights, which can be large, stay in the stored request. */
    TrainingPlan withoutInitialWeights() {
        if (model.initialWeights() == null) {
            return this;
        }
        return new TrainingPlan(seed, new Network(model.layers(), model.initialization(), model.standardize(), null,
                model.preprocessing(), model.inputs()), training, validationFraction, from, fold);
    }

    /** This plan, continuing from model {@code parent}. */
    TrainingPlan continuing(UUID parent) {
        return new TrainingPlan(seed, model, training, validationFraction, parent, fold);
    }

    /** This plan holding out fold {@code index} of {@code count}, dealt from {@code foldSeed}, instead of a fraction. */
    TrainingPlan holdingOut(int count, int index, long foldSeed) {
        return new TrainingPlan(seed, model, training, 0, from, new Fold(count, index, foldSeed));
    }

    /** This plan training {@code epochs} epochs: a rung of successive halving. */
    TrainingPlan withEpochs(int epochs) {
        Training t = training;
        return new TrainingPlan(seed, model, new Training(t.loss(), t.reduction(), epochs, t.batchSize(), t.shuffle(),
                t.optimizer(), t.schedule(), t.l1(), t.l2(), t.clipNorm(), t.earlyStopping()), validationFraction, from,
                fold);
    }

    /** One fold of a k-fold assignment, as the engine's {@code Folds} deals it. */
    @Schema(name = "HeldOutFold")
    record Fold(@Schema(description = "folds in all") int count, @Schema(description = "the fold held out, from 0") int index,
            @Schema(description = "deals the rows to folds") long seed) {
    }

    /** The layers, the output layer last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Network(List<Layer> layers, Initializer initialization, boolean standardize,
            @Schema(description = "explicit starting weights, as sent") List<ModelRequest.LayerWeights> initialWeights,
            @Schema(description = "what missing values and categories become (absent in plans from before column kinds:"
                    + " the defaults)") Preprocessing preprocessing,
            @Schema(description = "the network's input width: one per number (two with a missing indicator), one per"
                    + " level of a category and one for its gaps; a level or gap found only among validation rows takes"
                    + " none, so the trained model may have fewer") Integer inputs) {
    }

    @Schema(name = "NetworkLayer")
    record Layer(int units, Activation activation, boolean bias, double dropout) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Training(Loss loss, Reduction reduction, int epochs,
            @Schema(description = "0: the whole training split") int batchSize, boolean shuffle,
            Optimizer optimizer, LearningRate schedule, double l1, double l2, double clipNorm,
            EarlyStopping earlyStopping) {
    }

    record Optimizer(OptimizerSpec.Type type, double momentum, double beta1, double beta2, double rho, double epsilon) {
    }

    record LearningRate(Schedule.Type type, double initialRate, double decay, int stepSize) {
    }

    record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    }

    /** The network the engine builds. */
    ModelSpec modelSpec() {
        List<LayerSpec> layers = model.layers().stream()
                .map(l -> new LayerSpec(l.units(), l.activation(), l.bias(), l.dropout())).toList();
        List<double[][]> weights = null;
        List<double[]> biases = null;
        if (model.initialWeights() != null) {
            weights = new ArrayList<>();
            biases = new ArrayList<>();
            for (ModelRequest.LayerWeights w : model.initialWeights()) {
                weights.add(w.weights());
                biases.add(w.biases());
            }
        }
        return new ModelSpec(layers, model.initialization(), seed, weights, biases, model.standardize(),
                model.preprocessing() == null ? Preprocessing.DEFAULT : model.preprocessing());
    }

    /** How the engine trains it, evaluating every {@code evaluateEvery} epochs. */
    TrainingConfig trainingConfig(int evaluateEvery) {
        Training t = training;
        Optimizer o = t.optimizer();
        LearningRate s = t.schedule();
        EarlyStopping e = t.earlyStopping();
        return new TrainingConfig(t.loss(), t.reduction(), t.epochs(), t.batchSize(), t.shuffle(),
                new OptimizerSpec(o.type(), o.momentum(), o.beta1(), o.beta2(), o.rho(), o.epsilon()),
                new Schedule(s.type(), s.initialRate(), s.decay(), s.stepSize()), t.l1(), t.l2(), t.clipNorm(),
                e == null ? null : new TrainingConfig.EarlyStopping(e.patience(), e.minDelta(), e.restoreBest()),
                evaluateEvery, seed);
    }
}
