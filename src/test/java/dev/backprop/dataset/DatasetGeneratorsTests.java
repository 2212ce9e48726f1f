package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.support.SeedsReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Expected points come from scikit-learn 1.2 / numpy 1.24 with the same seeds. */
class DatasetGeneratorsTests {

    private static GeneratorSpec spec(GeneratorType type, int samples, double noise, long seed) {
        return DatasetGenerators.withDefaults(new GeneratorSpec(type, samples, noise, seed, null, null, null, null, null), 0);
    }

    @Test
    void moonsFromSeedZeroAreBritzsTwoHundredPoints() throws Exception {
        JsonNode britz = SeedsReference.seed("britz");
        TrainingData table = DatasetGenerators.generate(spec(GeneratorType.MOONS, 200, 0.2, 0));

        assertThat(table.rows()).isEqualTo(200);
        for (int r = 0; r < 200; r++) {
            assertThat(table.features()[2 * r]).isCloseTo(britz.get("X").get(r).get(0).doubleValue(), within(1e-12));
            assertThat(table.features()[2 * r + 1]).isCloseTo(britz.get("X").get(r).get(1).doubleValue(), within(1e-12));
            assertThat(table.labels().get((int) table.targets()[r])).isEqualTo(britz.get("y").get(r).asString());
        }
    }

    @Test
    void moonsMatchMakeMoonsForAnOddCount() {
        TrainingData table = DatasetGenerators.generate(spec(GeneratorType.MOONS, 7, 0.05, 11));
        assertThat(table.features()).startsWith(new double[] {-1.0242282566110572, -0.13266592796307383,
                1.499585768531353, -0.3820069719726536, 0.4731685318882634, -0.3502552703631536}, within(1e-12));
        assertThat(table.targets()).containsExactly(0, 1, 1, 1, 1, 0, 0);
    }

    @Test
    void circlesMatchMakeCircles() {
        TrainingData table = DatasetGenerators.generate(spec(GeneratorType.CIRCLES, 10, 0.1, 3));
        assertThat(table.features()).startsWith(new double[] {0.45399578793373163, -0.005792084059435568,
                0.5167744080862302, -1.0111877639140667, 0.40294063330737856, 0.8330156547373937}, within(1e-12));
        assertThat(table.targets()).containsExactly(1, 0, 0, 0, 1, 1, 1, 0, 0, 1);
    }

    @Test
    void blobsMatchMakeBlobs() {
        TrainingData table = DatasetGenerators.generate(DatasetGenerators.withDefaults(
                new GeneratorSpec(GeneratorType.BLOBS, 10, null, 5L, null, null, 3, 1.0, 2), 0));
        assertThat(table.features()).startsWith(new double[] {-5.450526736627027, 8.99712724060909,
                -7.530405422683167, 7.672039121068481, -4.714225883724302, 10.229549165989745}, within(1e-12));
        assertThat(table.targets()).containsExactly(0, 1, 1, 2, 0, 2, 0, 2, 0, 1);
        assertThat(table.labels()).containsExactly("0", "1", "2");
    }

    @Test
    void theSameSeedDrawsTheSameBitsAndAnotherSeedDoesNot() {
        for (GeneratorType type : GeneratorType.values()) {
            TrainingData a = DatasetGenerators.generate(spec(type, 50, 0.3, 9));
            TrainingData b = DatasetGenerators.generate(spec(type, 50, 0.3, 9));
            TrainingData c = DatasetGenerators.generate(spec(type, 50, 0.3, 10));
            assertThat(a.features()).as(type.name()).containsExactly(b.features());
            assertThat(a.targets()).as(type.name()).containsExactly(b.targets());
            assertThat(a.features()).as(type.name()).isNotEqualTo(c.features());
        }
    }

    @Test
    void spiralsGiveEveryArmItsShareOfRows() {
        TrainingData table = DatasetGenerators.generate(DatasetGenerators.withDefaults(
                new GeneratorSpec(GeneratorType.SPIRALS, 301, null, 1L, null, 3, null, null, null), 0));
        int[] counts = new int[3];
        for (double t : table.targets()) {
            counts[(int) t]++;
        }
        assertThat(counts).containsExactly(101, 100, 100);
        for (int i = 0; i < table.features().length; i += 2) {
            double radius = Math.hypot(table.features()[i], table.features()[i + 1]);
            assertThat(radius).isLessThanOrEqualTo(1.0 + 1e-12);
        }
    }

    @Test
    void xorLabelsByTheSignsOfTheNoiselessPoint() {
        TrainingData table = DatasetGenerators.generate(spec(GeneratorType.XOR, 400, 0.0, 4));
        for (int r = 0; r < 400; r++) {
            boolean differ = (table.features()[2 * r] < 0) != (table.features()[2 * r + 1] < 0);
            assertThat(table.targets()[r]).isEqualTo(differ ? 1.0 : 0.0);
        }
    }

    @Test
    void planeTargetsAreTheSumOfFeaturesWithoutNoise() {
        TrainingData table = DatasetGenerators.generate(DatasetGenerators.withDefaults(
                new GeneratorSpec(GeneratorType.PLANE, 100, 0.0, 2L, null, null, null, null, 3), 0));
        assertThat(table.task()).isEqualTo(Task.REGRESSION);
        assertThat(table.featureNames()).containsExactly("x1", "x2", "x3");
        for (int r = 0; r < 100; r++) {
            double sum = table.features()[3 * r] + table.features()[3 * r + 1] + table.features()[3 * r + 2];
            assertThat(table.targets()[r]).isCloseTo(sum, within(1e-15));
        }
    }

    @Test
    void defaultsAreFilledInPerTypeAndTheRandomSeedIsKept() {
        GeneratorSpec spec = DatasetGenerators.withDefaults(
                new GeneratorSpec(GeneratorType.CIRCLES, null, null, null, null, null, null, null, null), 1234);
        assertThat(spec).isEqualTo(new GeneratorSpec(GeneratorType.CIRCLES, 200, 0.1, 1234L, 0.5, null, null, null, null));
    }
}
