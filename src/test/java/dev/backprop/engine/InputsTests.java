package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How raw columns become inputs: what is learnt from the training rows, and what each kind of value becomes. */
class InputsTests {

    private static final double NA = Double.NaN;

    private static int[] all(int rows) {
        int[] index = new int[rows];
        Arrays.setAll(index, i -> i);
        return index;
    }

    @Test
    void completeNumbersAreStandardizedBitForBitAsTheStandardizerDoes() {
        double[] raw = {0.1, 2e10, -0.3, 7, 1.0 / 3, 5, 11, -2e10, 0.7, 0.7, 0.7, 0.7};
        Inputs inputs = Inputs.fit(raw, 3, all(4), List.of("a", "b", "c"), Arrays.asList(null, null, null),
                Preprocessing.DEFAULT, true);
        Matrix expected = new Matrix(4, 3, raw.clone());
        Standardizer standardizer = Standardizer.fit(expected);
        standardizer.apply(expected);
        assertThat(inputs.encode(raw, 4).data()).containsExactly(expected.data());
        assertThat(inputs.standardizer().mean()).containsExactly(standardizer.mean());
        assertThat(inputs.numeric()).isTrue();
        assertThat(Inputs.fit(raw, 3, all(4), List.of("a", "b", "c"), Arrays.asList(null, null, null),
                Preprocessing.DEFAULT, false).encode(raw, 4).data()).containsExactly(raw);
    }

    @Test
    void missingNumbersTakeTheTrainingMeanMedianOrAConstantAndTheScaleIsOfTheImputedColumn() {
        double[] raw = {1, NA, 3, NA, 10, 1000};
        int[] training = {0, 1, 2, 3, 4}; // row 5 is validation: it must not move anything
        Inputs mean = fit(raw, training, new Preprocessing(Preprocessing.Imputation.MEAN, 0, false,
                Preprocessing.CategoryMissing.LEVEL), false);
        assertThat(((Inputs.Number) mean.columns().getFirst()).fill()).isEqualTo(14.0 / 3);
        assertThat(mean.encode(new double[] {NA, 2}, 2).data()).containsExactly(14.0 / 3, 2);

        Inputs median = fit(raw, training, new Preprocessing(Preprocessing.Imputation.MEDIAN, 0, false,
                Preprocessing.CategoryMissing.LEVEL), false);
        assertThat(((Inputs.Number) median.columns().getFirst()).fill()).isEqualTo(3);
        Inputs evenMedian = fit(new double[] {1, 2, NA, 3, 10}, all(5), new Preprocessing(
                Preprocessing.Imputation.MEDIAN, 0, false, Preprocessing.CategoryMissing.LEVEL), false);
        assertThat(((Inputs.Number) evenMedian.columns().getFirst()).fill()).isEqualTo(2.5);

        Inputs constant = fit(raw, training, new Preprocessing(Preprocessing.Imputation.CONSTANT, -1, false,
                Preprocessing.CategoryMissing.LEVEL), true);
        Inputs.Number c = (Inputs.Number) constant.columns().getFirst();
        assertThat(c.fill()).isEqualTo(-1);
        // the scaler sees 1, -1, 3, -1, 10: mean 2.4, population std of those
        assertThat(c.mean()).isCloseTo(2.4, org.assertj.core.data.Offset.offset(1e-12));
        double std = Math.sqrt((1.96 + 11.56 + 0.36 + 11.56 + 57.76) / 5);
        assertThat(c.std()).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(constant.encode(new double[] {NA}, 1).get(0, 0)).isCloseTo((-1 - 2.4) / std,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void anIndicatorInputMarksGapsOnlyForColumnsThatHadGapsInTraining() {
        double[] raw = {1, 5, NA, 6, 3, 7};
        Inputs inputs = Inputs.fit(raw, 2, all(3), List.of("gappy", "full"), Arrays.asList(null, null),
                new Preprocessing(Preprocessing.Imputation.MEAN, 0, true, Preprocessing.CategoryMissing.LEVEL), false);
        assertThat(inputs.width()).isEqualTo(3);
        assertThat(inputs.inputNames()).containsExactly("gappy", "gappy=<missing>", "full");
        assertThat(inputs.numeric()).isFalse();
        assertThat(inputs.encode(new double[] {NA, NA, 4, 8}, 2).data()).containsExactly(2, 1, 6, 4, 0, 8);
    }

    @Test
    void categoriesAreOneHotOverTheLevelsSeenInTrainingWithAnInputForMissing() {
        List<String> levels = List.of("a", "b", "c");
        // rows 0-3 train: a, c, missing, c; row 4 (validation) is the only b
        double[] raw = {0, 2, NA, 2, 1};
        Inputs inputs = Inputs.fit(raw, 1, new int[] {0, 1, 2, 3}, List.of("x"), List.of(levels),
                Preprocessing.DEFAULT, true);
        Inputs.Category x = (Inputs.Category) inputs.columns().getFirst();
        assertThat(x.levels()).containsExactly("a", "c");
        assertThat(x.missingInput()).isTrue();
        assertThat(inputs.inputNames()).containsExactly("x=a", "x=c", "x=<missing>");
        double[] recoded = inputs.recode(raw, 5, List.of(levels));
        assertThat(recoded).containsExactly(0, 1, NA, 1, -1);
        // a, c, missing, c, and the unseen b: no input set
        assertThat(inputs.encode(recoded, 5).data()).containsExactly(
                1, 0, 0,
                0, 1, 0,
                0, 0, 1,
                0, 1, 0,
                0, 0, 0);
    }

    @Test
    void aMissingCategoryCanTakeTheMostFrequentLevelOrNoneWhenTrainingHadNoGaps() {
        List<String> levels = List.of("a", "b");
        double[] raw = {1, 1, NA, 0};
        Inputs frequent = Inputs.fit(raw, 1, all(4), List.of("x"), List.of(levels), new Preprocessing(
                Preprocessing.Imputation.MEAN, 0, false, Preprocessing.CategoryMissing.MOST_FREQUENT), true);
        assertThat(frequent.width()).isEqualTo(2);
        assertThat(frequent.encode(new double[] {NA}, 1).data()).containsExactly(0, 1);

        Inputs complete = Inputs.fit(new double[] {1, 0}, 1, all(2), List.of("x"), List.of(levels),
                Preprocessing.DEFAULT, true);
        assertThat(complete.width()).isEqualTo(2);
        assertThat(complete.encode(new double[] {NA}, 1).data()).containsExactly(0, 0);
    }

    @Test
    void levelsRareInTrainingShareOneInputWhenTwoOrMoreAreRare() {
        List<String> levels = List.of("a", "b", "c", "d");
        // a 4 times, b once, c once, d 3 times; with at least 2 rows a level, b and c share an input
        double[] raw = {0, 0, 1, 0, 2, 3, 0, 3, 3};
        Preprocessing folding = new Preprocessing(Preprocessing.Imputation.MEAN, 0, false,
                Preprocessing.CategoryMissing.LEVEL, 2);
        Inputs inputs = Inputs.fit(raw, 1, all(9), List.of("x"), List.of(levels), folding, true);
        Inputs.Category x = (Inputs.Category) inputs.columns().getFirst();
        assertThat(x.levels()).containsExactly("a", "d", "b", "c");
        assertThat(x.rare()).isEqualTo(2);
        assertThat(inputs.inputNames()).containsExactly("x=a", "x=d", "x=<rare>");
        assertThat(inputs.encode(inputs.recode(new double[] {0, 1, 2, 3}, 4, List.of(levels)), 4).data())
                .containsExactly(1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0);
        // one rare level alone keeps its own input
        Inputs one = Inputs.fit(new double[] {0, 0, 1, 2, 2}, 1, all(5), List.of("x"), List.of(List.of("a", "b", "c")),
                folding, true);
        assertThat(((Inputs.Category) one.columns().getFirst()).rare()).isZero();
        assertThat(one.width()).isEqualTo(3);
    }

    @Test
    void numbersFromBeforeImputationHaveNoFill() {
        Inputs old = Inputs.numbers(List.of("a", "b"), new Standardizer(new double[] {1, 2}, new double[] {2, 4}));
        assertThat(old.columns()).allSatisfy(c -> assertThat(((Inputs.Number) c).imputes()).isFalse());
        assertThat(old.encode(new double[] {3, 10}, 1).data()).containsExactly(1, 2);
        assertThat(Inputs.numbers(List.of("a"), null).standardizer()).isNull();
    }

    private static Inputs fit(double[] raw, int[] index, Preprocessing preprocessing, boolean standardize) {
        return Inputs.fit(raw, 1, index, List.of("v"), Arrays.asList((List<String>) null), preprocessing, standardize);
    }
}
