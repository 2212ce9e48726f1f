package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldsTests {

    /** 23 rows of three unbalanced classes (13, 7, 3), the 6th row without its target. */
    private static TrainingData classes() {
        int n = 23;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = r;
            y[r] = r < 13 ? 0 : r < 20 ? 1 : 2;
        }
        y[5] = Double.NaN;
        return new TrainingData(Task.CLASSIFICATION, n, List.of("x"), List.of("y"), List.of("a", "b", "c"), x, y);
    }

    @Test
    void classFoldsAreStratifiedBalancedAndSeeded() {
        TrainingData data = classes();
        int[] fold = new Folds(5, 0, 42).assign(data);

        assertThat(fold[5]).isEqualTo(-1);
        int[][] perClass = new int[5][3];
        int[] sizes = new int[5];
        for (int r = 0; r < data.rows(); r++) {
            if (fold[r] >= 0) {
                perClass[fold[r]][(int) data.targets()[r]]++;
                sizes[fold[r]]++;
            }
        }
        // 22 labelled rows over 5 folds: sizes 5,5,4,4,4; each class within one row of its share
        assertThat(sizes).containsExactly(5, 5, 4, 4, 4);
        for (int[] counts : perClass) {
            assertThat(counts[0]).isBetween(2, 3);
            assertThat(counts[1]).isBetween(1, 2);
            assertThat(counts[2]).isBetween(0, 1);
        }
        assertThat(new Folds(5, 3, 42).assign(data)).containsExactly(fold);
        assertThat(new Folds(5, 0, 43).assign(data)).isNotEqualTo(fold);
    }

    @Test
    void regressionFoldsDealEveryRowOnce() {
        int n = 10;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = r;
            y[r] = 2 * r;
        }
        TrainingData data = new TrainingData(Task.REGRESSION, n, List.of("x"), List.of("y"), List.of(), x, y);
        int[] fold = new Folds(3, 0, 7).assign(data);
        int[] sizes = new int[3];
        for (int f : fold) {
            sizes[f]++;
        }
        assertThat(sizes).containsExactly(4, 3, 3);
    }

    @Test
    void trainingHoldsOutExactlyTheFoldsRows() {
        TrainingData data = classes();
        Folds folds = new Folds(4, 2, 9);
        ModelSpec spec = new ModelSpec(List.of(new LayerSpec(4, Activation.TANH), new LayerSpec(3, Activation.SOFTMAX)),
                Initializer.XAVIER, 1, null, null, true);
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(3).seed(1).build();

        ModelTrainer.Outcome outcome = ModelTrainer.train(data, spec, config,
                ModelTrainer.Options.none().folds(folds));

        // the validation rows are fold 2's: the model's validation loss is the loss on exactly those rows
        int[] fold = folds.assign(data);
        long held = Arrays.stream(fold).filter(f -> f == 2).count();
        assertThat(outcome.validation().rows()).isEqualTo(held);
        assertThat(outcome.train().rows()).isEqualTo(22 - held);
        double[] x = new double[(int) held];
        double[] y = new double[(int) held];
        for (int r = 0, i = 0; r < data.rows(); r++) {
            if (fold[r] == 2) {
                x[i] = data.features()[r];
                y[i++] = data.targets()[r];
            }
        }
        TrainingData heldOut = new TrainingData(Task.CLASSIFICATION, (int) held, List.of("x"), List.of("y"),
                List.of("a", "b", "c"), x, y);
        assertThat(logLoss(outcome.model(), heldOut)).isCloseTo(outcome.validation().loss(), within(1e-12));
    }

    /** The mean cross-entropy of a model's class probabilities on {@code data}. */
    private static double logLoss(TrainedModel model, TrainingData data) {
        Matrix outputs = model.predict(new Matrix(data.rows(), 1, data.features().clone()));
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            sum -= Math.log(model.probabilities(outputs, r)[(int) data.targets()[r]]);
        }
        return sum / data.rows();
    }

    @Test
    void refusesTooFewRowsAndAFoldOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Folds(1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Folds(3, 3, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Folds(23, 0, 0).assign(classes()))
                .withMessageContaining("at least 23 rows");
        assertThatIllegalArgumentException().isThrownBy(() -> ModelTrainer.Options.none().validationFraction(0.2)
                .folds(new Folds(3, 0, 0)));
    }
}
