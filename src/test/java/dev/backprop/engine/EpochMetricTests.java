package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochMetricTests {

    /** Accuracy the plain way: a row is right when the first largest output is the first largest target. */
    private static long plainlyCorrect(Matrix outputs, Matrix targets) {
        long correct = 0;
        for (int r = 0; r < outputs.rows(); r++) {
            int off = r * outputs.cols();
            correct += EpochMetric.argmax(outputs.data(), off, outputs.cols()) == EpochMetric.argmax(targets.data(), off,
                    targets.cols()) ? 1 : 0;
        }
        return correct;
    }

    @Test
    void accuracyCountsTheRowsWhoseLargestOutputIsTheTarget() {
        Matrix outputs = Matrix.of(new double[][] {{0.2, 0.8}, {0.9, 0.1}, {0.5, 0.5}, {0.3, 0.7}});
        Matrix targets = Matrix.of(new double[][] {{0, 1}, {0, 1}, {1, 0}, {1, 0}});
        EpochMetric.Accumulator accuracy = EpochMetric.ACCURACY.accumulator();
        accuracy.add(outputs, targets);
        // the tie in row 3 goes to the first column, as argmax has it
        assertThat(accuracy.result()).isEqualTo(0.5);
    }

    @Test
    void twoColumnsGiveWhatArgmaxGivesWithTiesSignedZerosAndNaN() {
        double[] values = {0.0, -0.0, 1.0, -1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        SplittableRandom random = new SplittableRandom(7);
        int rows = 5000;
        Matrix outputs = new Matrix(rows, 2);
        Matrix targets = new Matrix(rows, 2);
        for (int i = 0; i < outputs.size(); i++) {
            outputs.data()[i] = random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : random.nextDouble();
            targets.data()[i] = values[random.nextInt(values.length)];
        }
        EpochMetric.Accumulator accuracy = EpochMetric.ACCURACY.accumulator();
        accuracy.add(outputs, targets);
        assertThat(accuracy.result()).isEqualTo((double) plainlyCorrect(outputs, targets) / rows);
    }

    @Test
    void moreColumnsAndOneColumnAreCountedToo() {
        Matrix three = Matrix.of(new double[][] {{0.1, 0.7, 0.2}, {0.6, 0.3, 0.1}});
        Matrix threeTargets = Matrix.of(new double[][] {{0, 1, 0}, {0, 0, 1}});
        EpochMetric.Accumulator accuracy = EpochMetric.ACCURACY.accumulator();
        accuracy.add(three, threeTargets);
        assertThat(accuracy.result()).isEqualTo(0.5);

        EpochMetric.Accumulator single = EpochMetric.ACCURACY.accumulator();
        single.add(Matrix.of(new double[][] {{0.7}, {0.2}, {0.5}}), Matrix.of(new double[][] {{1}, {1}, {0}}));
        assertThat(single.result()).isEqualTo(1.0 / 3);
    }
}
