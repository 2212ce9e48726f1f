package dev.backprop.dataset;

import dev.backprop.engine.TrainingData;
import java.util.List;

/** A table as an upload gave it, and the columns it was asked to leave out. */
record ReadTable(TrainingData data, List<String> ignored) {
}
