package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The engine's exp, expm1, log and tanh against {@link StrictMath} (fdlibm, whose exp, expm1 and log
 * are documented to err by less than one ulp) on ten million points each, and every vector lane
 * against the scalar code.
 */
class TranscendentalsTests {

    private static final int POINTS = 10_000_000;

    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000123L), 709.782712893383973096, Math.nextUp(709.782712893383973096),
        Math.nextDown(709.782712893383973096), -745.13321910194110842, Math.nextDown(-745.13321910194110842),
        -708.4, -709.1, -744.9, 1.0, -1.0, 22.0, -22.0, Math.nextDown(22.0), 0x1p-55, -0x1p-55, 0x1p-28, 0x1p-54,
        0.5 * Math.log(2), 1.5 * Math.log(2), 56 * Math.log(2), -56 * Math.log(2), 38.9, 44.0, -0.25, 0.25,
        Math.nextUp(1.0), Math.nextDown(1.0), 2.0, 0.5};

    /** Random bit patterns (every exponent, subnormals, NaNs), the ranges the functions branch on, tiny values. */
    private static double point(SplittableRandom random, int i) {
        return switch (i % 5) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextDouble(-800, 800);
            case 2 -> random.nextDouble(-3, 3);
            case 3 -> random.nextDouble(-40, 40);
            default -> random.nextDouble(-1, 1) * Math.scalb(1.0, -random.nextInt(1080));
        };
    }

    private static double[] points(long seed, int count, boolean positive) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[count];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < count; i++) {
            x[i] = point(random, i);
        }
        if (positive) {
            for (int i = 0; i < count; i++) {
                x[i] = Math.abs(x[i]);
            }
        }
        return x;
    }

    private static void sameAsStrictMath(String name, DoubleUnaryOperator ours, DoubleUnaryOperator strict,
            boolean positive) {
        double[] x = points(name.hashCode(), POINTS, positive);
        int mismatches = 0;
        double first = Double.NaN;
        for (double v : x) {
            if (Double.doubleToLongBits(ours.applyAsDouble(v)) != Double.doubleToLongBits(strict.applyAsDouble(v))) {
                if (mismatches++ == 0) {
                    first = v;
                }
            }
        }
        assertThat(mismatches).as("%s differs from StrictMath, first at %s", name, first).isZero();
    }

    @Test
    void expIsStrictMathsOnTenMillionPoints() {
        sameAsStrictMath("exp", Transcendentals::exp, StrictMath::exp, false);
    }

    @Test
    void expm1IsStrictMathsOnTenMillionPoints() {
        sameAsStrictMath("expm1", Transcendentals::expm1, StrictMath::expm1, false);
    }

    @Test
    void logIsStrictMathsOnTenMillionPoints() {
        sameAsStrictMath("log", Transcendentals::log, StrictMath::log, true);
        assertThat(Transcendentals.log(-1.0)).isNaN();
        assertThat(Transcendentals.log(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void tanhIsStrictMathsOnTenMillionPoints() {
        sameAsStrictMath("tanh", Transcendentals::tanh, StrictMath::tanh, false);
    }

    @Test
    void theSpecialValuesAreTheTextbookOnes() {
        assertThat(Transcendentals.exp(0.0)).isEqualTo(1.0);
        assertThat(Transcendentals.exp(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Transcendentals.exp(710.0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Transcendentals.exp(-745.0)).isEqualTo(Double.MIN_VALUE);
        assertThat(Transcendentals.exp(Double.NaN)).isNaN();
        assertThat(Transcendentals.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Transcendentals.tanh(-0.0)).isEqualTo(-0.0);
        assertThat(Transcendentals.log(1.0)).isEqualTo(0.0);
        assertThat(Transcendentals.log(Double.MIN_VALUE)).isEqualTo(-744.4400719213812);
        assertThat(Transcendentals.sigmoid(0.0)).isEqualTo(0.5);
    }

    private interface RangeOp {
        void apply(ArrayMath math, double[] a, int from, int to);
    }

    /** Every lane of the vector code against the scalar code, at odd offsets and lengths so the tails run too. */
    private static void lanesMatchScalar(String name, RangeOp op, boolean positive) {
        double[] x = points(name.hashCode() + 1, 1_000_003, positive);
        double[] vector = x.clone();
        double[] scalar = x.clone();
        for (int from = 0, len = 1; from < x.length; from += len, len = len * 2 + 1) {
            int to = Math.min(x.length, from + len);
            op.apply(ArrayMath.BEST, vector, from, to);
            op.apply(new ArrayMath.Scalar(), scalar, from, to);
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToLongBits(vector[i]) != Double.doubleToLongBits(scalar[i])) {
                assertThat(vector[i]).as("%s(%s) in a vector lane", name, x[i]).isEqualTo(scalar[i]);
            }
        }
    }

    @Test
    void vectorLanesGiveTheScalarBits() {
        assertThat(ArrayMath.BEST.describe()).startsWith("vector");
        lanesMatchScalar("exp", ArrayMath::exp, false);
        lanesMatchScalar("expm1", ArrayMath::expm1, false);
        lanesMatchScalar("log", ArrayMath::log, true);
        lanesMatchScalar("tanh", ArrayMath::tanh, false);
        lanesMatchScalar("sigmoid", ArrayMath::sigmoid, false);
    }
}
