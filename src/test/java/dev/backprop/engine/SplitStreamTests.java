package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The training stream draws what SplittableRandom draws, and picks up from a recorded position. */
class SplitStreamTests {

    @Test
    void drawsWhatSplittableRandomDrawsFromTheSameSeed() {
        for (long seed : new long[] {0, 1, 5, 4294967295L, -7}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitStream ours = new SplitStream(seed);
            SplittableRandom jdkSplit = jdk.split();
            SplitStream oursSplit = ours.split();
            for (int i = 0; i < 200_000; i++) {
                int bound = 1 + (i % 1000) * 7919 % 300_000;
                assertThat(ours.nextInt(bound)).as("seed %d draw %d bound %d", seed, i, bound).isEqualTo(jdk.nextInt(bound));
                assertThat(ours.nextDouble()).isEqualTo(jdk.nextDouble());
                assertThat(oursSplit.nextDouble()).isEqualTo(jdkSplit.nextDouble());
                assertThat(oursSplit.nextInt(1 << (i % 31))).isEqualTo(jdkSplit.nextInt(1 << (i % 31)));
            }
            assertThat(ours.nextInt(Integer.MAX_VALUE)).isEqualTo(jdk.nextInt(Integer.MAX_VALUE));
            assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void aStreamAtARecordedPositionDrawsOnAsTheOriginal() {
        SplitStream original = new SplitStream(42).split();
        for (int i = 0; i < 1000; i++) {
            original.nextDouble();
        }
        SplitStream resumed = SplitStream.at(original.state());
        for (int i = 0; i < 1000; i++) {
            assertThat(resumed.nextInt(97)).isEqualTo(original.nextInt(97));
        }
    }
}
