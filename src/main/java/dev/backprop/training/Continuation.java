package dev.backprop.training;

import dev.backprop.dataset.DatasetColumns;
import dev.backprop.engine.Alignment;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.engine.TrainingData;
import dev.backprop.model.LayerSummary;
import dev.backprop.model.ModelColumn;
import dev.backprop.model.ModelSummary;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Training that continues a stored model: the request checked against the model (the same
 * architecture, a dataset with its features and no class it never saw, its name), the network spec
 * the planner gets, and the dataset put in the model's terms when the job runs.
 */
final class Continuation {

    private Continuation() {
    }

    /** What the planner is given for a continued model: its network, and the data's shape in its terms. */
    record Spec(ModelRequest model, DatasetShape shape) {
    }

    /**
     * Checks the request against the parent and the dataset, listing every problem with those found
     * before.
     *
     * @param datasetField where the request names the dataset: {@code datasetId} or {@code dataset}
     * @throws InvalidRequestException when anything does not fit
     */
    static Spec check(TrainingJobRequest request, ModelSummary parent, DatasetColumns columns, String datasetField,
            List<Violation> found) {
        List<Violation> violations = new ArrayList<>(found);
        String model = "model " + parent.id() + " (" + parent.name() + " v" + parent.version() + ")";
        if (request.name() != null && !request.name().equals(parent.name())) {
            violations.add(Violation.of("name", "a continued model is the next version of '" + parent.name()
                    + "'; leave name out or give that name"));
        }
        List<LayerSummary> hidden = parent.layers().subList(0, parent.layers().size() - 1);
        LayerSummary output = parent.layers().getLast();
        ModelRequest asked = request.model();
        if (asked != null) {
            if (asked.initialization() != null) {
                violations.add(Violation.of("model.initialization", "the starting weights are " + model + "'s"));
            }
            if (asked.initialWeights() != null) {
                violations.add(Violation.of("model.initialWeights", "the starting weights are " + model + "'s"));
            }
            if (asked.preprocessing() != null) {
                violations.add(Violation.of("model.preprocessing", model + " keeps its own preprocessing"));
            }
            if (asked.standardize() != null && asked.standardize() != parent.standardized()) {
                violations.add(Violation.of("model.standardize", model + " keeps its own standardization ("
                        + parent.standardized() + ")"));
            }
            String differs = "differs from " + model + "'s hidden layers " + describe(hidden)
                    + ": training continues on the same architecture";
            if (asked.hiddenLayers() != null && !sameHidden(asked, hidden)) {
                violations.add(Violation.of("model.hiddenLayers", describeAsked(asked) + " " + differs));
            }
            if (asked.layers() != null && !sameLayers(asked.layers(), hidden)) {
                violations.add(Violation.of("model.layers", differs));
            }
            if (asked.output() != null && (asked.output().activation() != null && asked.output().activation() != output.activation()
                    || asked.output().bias() != null && asked.output().bias() != output.bias())) {
                violations.add(Violation.of("model.output", "differs from " + model + "'s output layer ("
                        + output.activation() + (output.bias() ? ", bias" : ", no bias") + ")"));
            }
        }
        if (columns.task() != parent.task()) {
            violations.add(Violation.of(datasetField, model + " is a " + parent.task() + " model; the dataset's targets make it "
                    + columns.task()));
        } else {
            List<String> missing = Alignment.absent(parent.featureNames(), columns.featureNames());
            if (!missing.isEmpty()) {
                violations.add(Violation.of(datasetField, "the dataset lacks " + model + "'s features " + missing
                        + "; it has " + columns.featureNames()));
            } else {
                // a model from before column kinds takes numbers it cannot fill
                List<ModelColumn> taken = parent.columns() != null ? parent.columns() : parent.featureNames().stream()
                        .map(name -> new ModelColumn(name, "NUMBER", null, false, null, null, null)).toList();
                for (ModelColumn column : taken) {
                    int at = columns.featureNames().indexOf(column.name());
                    boolean category = columns.featureLevels().get(at) != null;
                    if (category != column.kind().equals("CATEGORY")) {
                        violations.add(Violation.of(datasetField, "column '" + column.name() + "' is a "
                                + column.kind() + " to " + model + " and a " + (category ? "CATEGORY" : "NUMBER")
                                + " in the dataset"));
                    } else if (!category && column.fill() == null && columns.featureMissing().get(at) > 0) {
                        violations.add(Violation.of(datasetField, "column '" + column.name() + "' has "
                                + columns.featureMissing().get(at) + " missing values, which " + model + " cannot fill"
                                + " (it was trained before gaps were imputed)"));
                    }
                }
            }
            if (parent.task() == Task.CLASSIFICATION) {
                List<String> unseen = Alignment.absent(columns.labels(), parent.labels());
                if (!unseen.isEmpty()) {
                    violations.add(Violation.of(datasetField, "the dataset has class labels " + model + " never saw: "
                            + unseen + "; it knows " + parent.labels()));
                }
            } else {
                List<String> targets = Alignment.absent(parent.targetNames(), columns.targetNames());
                if (!targets.isEmpty()) {
                    violations.add(Violation.of(datasetField, "the dataset lacks " + model + "'s targets " + targets
                            + "; it has " + columns.targetNames()));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        List<ModelRequest.LayerRequest> layers = hidden.stream()
                .map(l -> new ModelRequest.LayerRequest(l.units(), l.activation(), l.bias(), l.dropout())).toList();
        ModelRequest network = new ModelRequest(null, null, layers,
                new ModelRequest.OutputRequest(output.activation(), output.bias()), asked == null ? null : asked.loss(),
                null, null, parent.standardized(), null);
        int classes = parent.labels() == null ? 0 : parent.labels().size();
        DatasetShape shape = new DatasetShape(parent.task(), columns.labelledRows(), parent.inputs(),
                parent.targetNames().size(), classes, true);
        return new Spec(network, shape);
    }

    /**
     * The dataset in the model's terms: its feature columns in the model's order, its class numbers
     * indexes into the model's labels, its targets in the model's order; columns the model does not
     * know are left out.
     */
    static TrainingData align(TrainingData data, TrainedModel model) {
        Alignment at = Alignment.of(model, data.featureNames(), data.levels(), data.labels(), data.targetNames());
        if (!at.fits()) {
            // the plan was checked against this dataset, and datasets do not change
            throw new IllegalStateException("the dataset no longer fits the model it continues: missing features "
                    + at.missingFeatures() + ", other kinds " + at.mismatchedKinds() + ", unseen labels "
                    + at.unseenLabels() + ", missing targets " + at.missingTargets());
        }
        int rows = data.rows();
        int width = model.featureNames().size();
        int[] featureAt = at.featureAt();
        double[] features = new double[rows * width];
        List<List<String>> levels = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            levels.add(data.levels().get(featureAt[j]));
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                features[r * width + j] = data.features()[r * data.featureCount() + featureAt[j]];
            }
        }
        double[] targets;
        if (model.task() == Task.CLASSIFICATION) {
            int[] classOf = at.classOf();
            targets = new double[rows];
            for (int r = 0; r < rows; r++) {
                double label = data.targets()[r];
                targets[r] = Double.isNaN(label) ? Double.NaN : classOf[(int) label];
            }
        } else {
            int count = model.targetNames().size();
            int[] targetAt = at.targetAt();
            targets = new double[rows * count];
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < count; t++) {
                    targets[r * count + t] = data.targets()[r * data.targetCount() + targetAt[t]];
                }
            }
        }
        return new TrainingData(model.task(), rows, model.featureNames(), model.targetNames(), model.labels(), features,
                targets, levels);
    }

    private static boolean sameHidden(ModelRequest asked, List<LayerSummary> hidden) {
        if (asked.hiddenLayers().size() != hidden.size()) {
            return false;
        }
        for (int i = 0; i < hidden.size(); i++) {
            if (!Objects.equals(asked.hiddenLayers().get(i), hidden.get(i).units())
                    || asked.activation() != null && asked.activation() != hidden.get(i).activation()) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameLayers(List<ModelRequest.LayerRequest> layers, List<LayerSummary> hidden) {
        if (layers.size() != hidden.size()) {
            return false;
        }
        for (int i = 0; i < hidden.size(); i++) {
            ModelRequest.LayerRequest layer = layers.get(i);
            LayerSummary had = hidden.get(i);
            if (layer == null || !Objects.equals(layer.units(), had.units())
                    || layer.activation() != null && layer.activation() != had.activation()
                    || layer.bias() != null && layer.bias() != had.bias()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<LayerSummary> hidden) {
        return hidden.stream().map(l -> l.units() + " " + l.activation()).toList().toString();
    }

    private static String describeAsked(ModelRequest asked) {
        return asked.hiddenLayers() + (asked.activation() == null ? "" : " " + asked.activation());
    }
}
