package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCodecTests {

    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff8_dead_beef_0001L), 0.0707580,
            1e-300};

    @Test
    void everyCombinationOfFiguresComesBackBitForBit() {
        List<EpochFigures> points = new ArrayList<>();
        for (int mask = 0; mask < 32; mask++) {
            for (int s = 0; s < SPECIAL.length; s++) {
                double v = SPECIAL[s];
                points.add(new EpochFigures(mask * 100 + s + 1, figure(mask, 0, v), figure(mask, 1, -v), figure(mask, 2, v / 3),
                        figure(mask, 3, 0.5), figure(mask, 4, v)));
            }
        }

        List<EpochFigures> decoded = HistoryCodec.decode(HistoryCodec.encode(points));

        assertThat(decoded).hasSize(points.size());
        for (int i = 0; i < points.size(); i++) {
            assertThat(bits(decoded.get(i))).as("point %d", i).isEqualTo(bits(points.get(i)));
        }
    }

    @Test
    void aPointTakesItsEpochAMaskAndOnlyTheFiguresItHas() {
        byte[] encoded = HistoryCodec.encode(List.of(new EpochFigures(7, 0.25, null, 0.5, null, 0.01),
                new EpochFigures(8, null, null, null, null, null)));

        assertThat(encoded).hasSize(1 + 4 + (4 + 1 + 3 * 8) + (4 + 1));
        ByteBuffer in = ByteBuffer.wrap(encoded);
        assertThat(in.get()).isEqualTo(HistoryCodec.FORMAT);
        assertThat(in.getInt()).isEqualTo(2);
        assertThat(in.getInt()).isEqualTo(7);
        assertThat(in.get()).isEqualTo((byte) 0b10101);
        assertThat(in.getDouble()).isEqualTo(0.25);
        assertThat(in.getDouble()).isEqualTo(0.5);
        assertThat(in.getDouble()).isEqualTo(0.01);
        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.get()).isZero();
        assertThat(HistoryCodec.decode(HistoryCodec.encode(List.of()))).isEmpty();
    }

    @Test
    void refusesWhatIsNotASegment() {
        byte[] good = HistoryCodec.encode(List.of(new EpochFigures(1, 0.5, null, null, null, 0.1)));

        byte[] format = good.clone();
        format[0] = 2;
        assertThatThrownBy(() -> HistoryCodec.decode(format)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 1");
        assertThatThrownBy(() -> HistoryCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends inside a point");
        assertThatThrownBy(() -> HistoryCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 bytes after its points");
        assertThatThrownBy(() -> HistoryCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        for (int count : new int[] {-1, Integer.MAX_VALUE, 5}) {
            byte[] counted = good.clone();
            ByteBuffer.wrap(counted).putInt(1, count);
            assertThatThrownBy(() -> HistoryCodec.decode(counted)).as("count %d", count)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims " + count + " points");
        }
        byte[] mask = good.clone();
        mask[9] |= 0x20;
        assertThatThrownBy(() -> HistoryCodec.decode(mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown figure mask");
    }

    private static Double figure(int mask, int bit, double value) {
        return (mask & 1 << bit) == 0 ? null : value;
    }

    /** The point with its figures as raw bits: record equality would call every NaN equal. */
    private static List<Object> bits(EpochFigures p) {
        List<Object> out = new ArrayList<>();
        out.add(p.epoch());
        for (Double v : new Double[] {p.trainLoss(), p.validationLoss(), p.trainMetric(), p.validationMetric(),
                p.learningRate()}) {
            out.add(v == null ? "null" : Double.doubleToRawLongBits(v));
        }
        return out;
    }
}
