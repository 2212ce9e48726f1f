package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The held-out figures against scikit-learn 1.2.1 on the same rows (accuracy_score,
 * precision_recall_fscore_support, confusion_matrix, log_loss, roc_auc_score, mean_squared_error,
 * mean_absolute_error, r2_score; the expected values below are what it printed).
 */
class MetricsTests {

    private static final double EXACT = 1e-12;

    @Test
    void twoClassesWithTiedScoresMatchScikitLearn() {
        int[] y = {0, 1, 1, 0, 1, 0, 1, 1, 0, 0};
        double[] p1 = {0.1, 0.9, 0.6, 0.6, 0.35, 0.2, 0.6, 1.0, 0.0, 0.45};
        var metrics = new Metrics.Classification(2);
        for (int i = 0; i < y.length; i++) {
            metrics.add(y[i], new double[] {1 - p1[i], p1[i]});
        }
        var result = metrics.result();
        assertThat(result.rows()).isEqualTo(10);
        assertThat(result.accuracy()).isCloseTo(0.8, within(EXACT));
        assertThat(result.precision()).containsExactly(0.8, 0.8);
        assertThat(result.recall()).containsExactly(0.8, 0.8);
        assertThat(result.f1()[0]).isCloseTo(0.8000000000000002, within(EXACT));
        assertThat(result.support()).containsExactly(5, 5);
        assertThat(result.confusion()).isDeepEqualTo(new long[][] {{4, 1}, {1, 4}});
        assertThat(result.logLoss()).isCloseTo(0.4019465687290298, within(EXACT));
        assertThat(result.rocAuc()).isCloseTo(0.88, within(EXACT));
    }

    @Test
    void threeClassesMatchScikitLearnAndHaveNoRocAuc() {
        int[] y = {0, 1, 2, 2, 1, 0, 2};
        double[][] p = {{.7, .2, .1}, {.1, .8, .1}, {.2, .3, .5}, {.6, .3, .1}, {.3, .4, .3}, {.5, .25, .25}, {0, 0, 1}};
        var metrics = new Metrics.Classification(3);
        for (int i = 0; i < y.length; i++) {
            metrics.add(y[i], p[i]);
        }
        var result = metrics.result();
        assertThat(result.accuracy()).isCloseTo(0.8571428571428571, within(EXACT));
        assertThat(result.logLoss()).isCloseTo(0.7407126687487191, within(EXACT));
        assertThat(result.precision()[0]).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(result.recall()[2]).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(result.f1()[0]).isCloseTo(0.8, within(EXACT));
        assertThat(result.support()).containsExactly(2, 2, 3);
        assertThat(result.confusion()).isDeepEqualTo(new long[][] {{2, 0, 0}, {0, 2, 0}, {1, 0, 2}});
        assertThat(result.rocAuc()).isNull();
    }

    @Test
    void aClassNeverPredictedHasNoPrecisionAndOneAbsentHasNoRecall() {
        var metrics = new Metrics.Classification(3);
        metrics.add(0, new double[] {0.9, 0.1, 0});
        metrics.add(1, new double[] {0.6, 0.4, 0});
        var result = metrics.result();
        assertThat(result.precision()).containsExactly(0.5, null, null);
        assertThat(result.recall()).containsExactly(1.0, 0.0, null);
        assertThat(result.f1()).containsExactly(2 * 0.5 / 1.5, null, null);
    }

    @Test
    void rocAucIsUndefinedWithOneClassOnly() {
        var metrics = new Metrics.Classification(2);
        metrics.add(1, new double[] {0.2, 0.8});
        metrics.add(1, new double[] {0.6, 0.4});
        assertThat(metrics.result().rocAuc()).isNull();
    }

    @Test
    void regressionMatchesScikitLearnPerTargetAndAveraged() {
        double[] y = {1.0, 2.0, 2.0, 0.5, 3.0, -1.0, 4.5, 3.0, -2.0, 0.0};
        double[] yp = {1.1, 1.5, 1.8, 0.7, 3.3, -0.2, 4.0, 2.0, -1.0, 0.4};
        var metrics = new Metrics.Regression(2);
        // in blocks, as a dataset is read
        for (int r = 0; r < 5; r++) {
            metrics.add(y, 2 * r, yp, 2 * r);
        }
        var result = metrics.result();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.mse()).isCloseTo(0.348, within(EXACT));
        assertThat(result.mae()).isCloseTo(0.49999999999999994, within(EXACT));
        assertThat(result.r2()).isCloseTo(0.8683473389355743, within(EXACT));
        assertThat(result.msePerTarget()[0]).isCloseTo(0.27799999999999997, within(EXACT));
        assertThat(result.maePerTarget()[1]).isCloseTo(0.58, within(EXACT));
        assertThat(result.r2PerTarget()[0]).isCloseTo(0.9415966386554622, within(EXACT));
        assertThat(result.r2PerTarget()[1]).isCloseTo(0.7950980392156862, within(EXACT));
    }

    @Test
    void aConstantTargetHasNoR2() {
        var metrics = new Metrics.Regression(1);
        metrics.add(new double[] {3}, 0, new double[] {2}, 0);
        metrics.add(new double[] {3}, 0, new double[] {4}, 0);
        var result = metrics.result();
        assertThat(result.mse()).isEqualTo(1.0);
        assertThat(result.r2()).isNull();
    }
}
