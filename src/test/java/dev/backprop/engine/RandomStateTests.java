package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Every expected value here was printed by numpy 1.24's legacy numpy.random.RandomState. */
class RandomStateTests {

    @Test
    void drawsNumpysWords() {
        RandomState random = new RandomState(0);
        assertThat(Integer.toUnsignedLong(random.nextInt32())).isEqualTo(2357136044L);
        assertThat(Integer.toUnsignedLong(random.nextInt32())).isEqualTo(2546248239L);
        assertThat(Integer.toUnsignedLong(random.nextInt32())).isEqualTo(3071714933L);
    }

    @Test
    void drawsNumpysDoubles() {
        RandomState random = new RandomState(0);
        assertThat(random.nextDouble()).isEqualTo(0.5488135039273248);
        assertThat(random.nextDouble()).isEqualTo(0.7151893663724195);
        // Trask's first weight: 2 * random() - 1 after numpy.random.seed(1)
        assertThat(2 * new RandomState(1).nextDouble() - 1).isEqualTo(-0.165955990594852);
    }

    @Test
    void drawsNumpysGaussiansIncludingTheCachedSecondValue() {
        RandomState random = new RandomState(42);
        double[] expected = {0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254,
                -0.23415337472333597};
        for (double value : expected) {
            assertThat(random.nextGaussian()).isEqualTo(value);
        }
    }

    @Test
    void shufflesAsNumpy() {
        assertThat(new RandomState(7).permutation(10)).containsExactly(8, 5, 0, 2, 1, 9, 7, 3, 6, 4);
        assertThat(new RandomState(7).permutation(1000)).startsWith(778, 334, 271, 802, 216, 408, 812, 94);
    }

    @Test
    void keepsIntervalDrawsInRange() {
        RandomState random = new RandomState(3);
        for (int max : new int[] {0, 1, 2, 5, 1000, Integer.MAX_VALUE}) {
            for (int i = 0; i < 1000; i++) {
                assertThat(random.nextInterval(max)).isBetween(0, max);
            }
        }
    }

    @Test
    void refusesSeedsNumpyRefuses() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RandomState(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new RandomState(RandomState.MAX_SEED + 1));
        assertThat(new RandomState(RandomState.MAX_SEED).nextDouble()).isBetween(0.0, 1.0);
    }
}
