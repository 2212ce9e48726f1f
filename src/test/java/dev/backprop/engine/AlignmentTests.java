package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlignmentTests {

    /** A classifier of "colour" (a category: red, green) and "size" (a number) into classes a and b. */
    private static TrainedModel model() {
        TrainingData data = new TrainingData(Task.CLASSIFICATION, 4, List.of("colour", "size"), List.of("label"),
                List.of("a", "b"), new double[] {0, 1, 1, 2, 0, 3, 1, 4}, new double[] {0, 1, 0, 1},
                Arrays.asList(List.of("red", "green"), null));
        ModelSpec spec = new ModelSpec(List.of(new LayerSpec(2, Activation.SOFTMAX)), Initializer.XAVIER, 0, null,
                null, true);
        return ModelTrainer.train(data, spec, TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).build()).model();
    }

    @Test
    void aTableInOtherOrderWithOtherLevelsAndClassesMapsByName() {
        Alignment at = Alignment.of(model(), List.of("extra", "size", "colour"),
                Arrays.asList(null, null, List.of("blue", "green", "red")), List.of("b", "c", "a"), List.of("label"));

        assertThat(at.featureAt()).containsExactly(2, 1);
        assertThat(at.levelCodes()[0]).containsExactly(-1, 1, 0);
        assertThat(at.levelCodes()[1]).isNull();
        assertThat(at.classOf()).containsExactly(1, -1, 0);
        assertThat(at.unseenLabels()).containsExactly("c");
        assertThat(at.missingFeatures()).isEmpty();
        assertThat(at.mismatchedKinds()).isEmpty();
        assertThat(at.fits()).isFalse();
    }

    @Test
    void namesWhatIsMissingAndWhatIsOfAnotherKind() {
        TrainedModel model = model();
        Alignment lacking = Alignment.of(model, List.of("size"), Arrays.asList((List<String>) null), List.of("a"),
                List.of("label"));
        assertThat(lacking.missingFeatures()).containsExactly("colour");
        assertThat(lacking.featureAt()).containsExactly(-1, 0);

        Alignment swapped = Alignment.of(model, List.of("colour", "size"), Arrays.asList(null, List.of("s", "m")),
                List.of("a", "b"), List.of("label"));
        assertThat(swapped.mismatchedKinds()).extracting(Inputs.Column::name).containsExactly("colour", "size");
        assertThat(swapped.fits()).isFalse();

        assertThat(Alignment.of(model, List.of("colour", "size"), Arrays.asList(List.of("red"), null), List.of("b"),
                List.of("label")).fits()).isTrue();
    }
}
