package dev.backprop.model;

import dev.backprop.engine.TrainedModel;
import java.util.List;

/**
 * What a model's listing shows of its shape, stored beside the weights so that listing models reads
 * columns, not weights.
 */
record Architecture(int inputs, List<LayerSummary> layers, List<String> featureNames, List<String> targetNames,
        List<String> labels, boolean standardized, List<ModelColumn> columns) {

    static Architecture of(TrainedModel model) {
        List<LayerSummary> layers = model.network().specs().stream()
                .map(s -> new LayerSummary(s.units(), s.activation(), s.bias(), s.dropout())).toList();
        return new Architecture(model.network().inputs(), layers, model.featureNames(), model.targetNames(),
                model.labels(), model.inputs().standardized(), ModelColumn.of(model.inputs()));
    }
}
