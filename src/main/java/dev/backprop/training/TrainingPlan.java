package dev.backprop.training;

import dev.backprop.engine.ModelSpec;
import dev.backprop.engine.TrainingConfig;

/** A checked training spec, resolved into what the engine runs. */
record TrainingPlan(ModelSpec model, TrainingConfig training, double validationFraction, long seed) {
}
