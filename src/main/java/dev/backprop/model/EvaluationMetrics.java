package dev.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Metrics;
import dev.backprop.engine.Task;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's figures on one dataset, defined as scikit-learn defines them. Classification: accuracy,
 * log loss, ROC AUC (two classes; the second label is the positive one), per class precision, recall,
 * F1 and support, and the confusion matrix (rows true, columns predicted, in the model's label order).
 * Regression: MSE, MAE and R² averaged over the targets, and per target.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Classification: accuracy, logLoss, rocAuc (two classes), per-class figures and the confusion "
        + "matrix (rows true, columns predicted). Regression: mse, mae, r2 averaged over targets, and per target. "
        + "A figure that is undefined (precision of a class never predicted, R² of a constant target) is absent.")
public record EvaluationMetrics(
        Task task,
        Double accuracy,
        @Schema(description = "mean -log p(true class), probabilities clipped to [1e-15, 1 - 1e-15]") Double logLoss,
        @Schema(description = "two classes only: area under the ROC curve, scores being the second label's probability")
        Double rocAuc,
        List<ClassFigures> classes,
        @Schema(description = "confusion[true][predicted], in the order of classes") long[][] confusion,
        Double mse,
        Double mae,
        @Schema(description = "R² per target averaged over the targets") Double r2,
        List<TargetFigures> targets) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClassFigures(String label, Double precision, Double recall, Double f1, long support) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetFigures(String name, double mse, double mae, Double r2) {
    }

    static EvaluationMetrics of(Metrics.ClassificationResult r, List<String> labels) {
        List<ClassFigures> classes = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            classes.add(new ClassFigures(labels.get(k), r.precision()[k], r.recall()[k], r.f1()[k], r.support()[k]));
        }
        return new EvaluationMetrics(Task.CLASSIFICATION, r.accuracy(), r.logLoss(), r.rocAuc(), classes,
                r.confusion(), null, null, null, null);
    }

    static EvaluationMetrics of(Metrics.RegressionResult r, List<String> targetNames) {
        List<TargetFigures> targets = new ArrayList<>();
        for (int t = 0; t < targetNames.size(); t++) {
            targets.add(new TargetFigures(targetNames.get(t), r.msePerTarget()[t], r.maePerTarget()[t],
                    r.r2PerTarget()[t]));
        }
        return new EvaluationMetrics(Task.REGRESSION, null, null, null, null, null, r.mse(), r.mae(), r.r2(), targets);
    }
}
