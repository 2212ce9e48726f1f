package dev.backprop.engine;

/**
 * exp, log and tanh as plain arithmetic: range reduction and polynomials, written with nothing but
 * IEEE additions, multiplications, fused multiply-adds, divisions and exact bit operations, so that
 * {@link VectorTranscendentals} can compute each vector lane with the same operations in the same
 * order and a lane and this scalar code give the same bits, on every CPU and at every vector width.
 * {@link Math}'s versions are intrinsics whose last bit depends on the JDK and the CPU, and cannot be
 * vectorized.
 *
 * <p>log is fdlibm's (Sun's freely distributable libm, which {@link StrictMath} follows), bit for bit.
 * exp and tanh are built for lanes: each has one code path for every finite argument it does not
 * simply round (tanh's tiny and saturated ends are blends), with no other branches; they are carried
 * in double-double where cancellation would cost accuracy, so both stay within
 * one ulp of the exact value (measured against a 100-bit reference: exp 0.76 ulp, tanh 0.55 ulp at
 * worst; TranscendentalsTests checks them against a 60-digit one).
 */
public final class Transcendentals {

    private Transcendentals() {
    }

    static final double O_THRESHOLD = 7.09782712893383973096e+02;
    static final double U_THRESHOLD = -7.45133219101941108420e+02;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double INV_LN2 = 1.44269504088896338700e+00;
    static final double TWO_M1000 = 0x1p-1000;
    static final double TWO_54 = 0x1p54;

    static final double MAGIC = 0x1.8p52;
    static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

    /** 1 / n!, the Taylor coefficients of e^r. */
    static final double E2 = 0x1.0000000000000p-1;
    static final double E3 = 0x1.5555555555555p-3;
    static final double E4 = 0x1.5555555555555p-5;
    static final double E5 = 0x1.1111111111111p-7;
    static final double E6 = 0x1.6c16c16c16c17p-10;
    static final double E7 = 0x1.a01a01a01a01ap-13;
    static final double E8 = 0x1.a01a01a01a01ap-16;
    static final double E9 = 0x1.71de3a556c734p-19;
    static final double E10 = 0x1.27e4fb7789f5cp-22;
    static final double E11 = 0x1.ae64567f544e4p-26;
    static final double E12 = 0x1.1eed8eff8d898p-29;
    static final double E13 = 0x1.6124613a86d09p-33;
    static final double E14 = 0x1.93974a8c07c9dp-37;

    /**
     * Below this, tanh a is a itself: a - tanh a is about a^3 / 3, under a sixth of an ulp of a. (From
     * here up the e^-2a path below is within 0.54 ulp; it is not below 2^-52.)
     */
    static final double TANH_TINY = 0x1p-27;
    /** From here on tanh rounds to 1. */
    static final double TANH_SATURATES = 22.0;

    static final double LG1 = 6.666666666666735130e-01;
    static final double LG2 = 3.999999999940941908e-01;
    static final double LG3 = 2.857142874366239149e-01;
    static final double LG4 = 2.222219843214978396e-01;
    static final double LG5 = 1.818357216161805012e-01;
    static final double LG6 = 1.531383769920937332e-01;
    static final double LG7 = 1.479819860511658591e-01;

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /**
     * e^x: k = round(x / ln 2), r = x - k ln 2 in two parts (|r| <= ln2 / 2), e^r = 1 + r + r^2 P(r)
     * with P the Taylor series to r^14 / 14! (its remainder is below 2^-63), evaluated in Estrin's
     * scheme (a tree of fused multiply-adds, short dependency chains), the leading 1 + r added
     * with its rounding error kept, then 2^k put into the exponent bits.
     */
    public static double exp(double x) {
        if (x != x) {
            return x + x;
        }
        if (x > O_THRESHOLD) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < U_THRESHOLD) {
            return 0.0;
        }
        double kd = Math.fma(x, INV_LN2, MAGIC) - MAGIC;
        double hi = Math.fma(-kd, LN2_HI, x);
        double lo = kd * LN2_LO;
        double r = hi - lo;
        double rc = (hi - r) - lo;
        double r2 = r * r;
        double r4 = r2 * r2;
        double p = Math.fma(Math.fma(E14, r4, Math.fma(Math.fma(E13, r, E12), r2, Math.fma(E11, r, E10))), r4 * r4,
                Math.fma(Math.fma(Math.fma(E9, r, E8), r2, Math.fma(E7, r, E6)), r4,
                        Math.fma(Math.fma(E5, r, E4), r2, Math.fma(E3, r, E2))));
        double c = Math.fma(r2, p, rc);
        double s1 = 1.0 + r;
        double e1 = (1.0 - s1) + r;
        double y = s1 + (e1 + c);
        long k = Double.doubleToRawLongBits(kd + MAGIC) - MAGIC_BITS;
        if (kd >= -1021.0) {
            return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + (k << 52));
        }
        return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((k + 1000) << 52)) * TWO_M1000;
    }

    /** The natural logarithm. */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >> 32);
        int lx = (int) bits;
        int k = 0;
        if (hx < 0x00100000) {
            if (((hx & 0x7fffffff) | lx) == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (hx < 0) {
                return Double.NaN;
            }
            k -= 54;
            x *= TWO_54;
            hx = high(x);
        }
        if (hx >= 0x7ff00000) {
            return x + x;
        }
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;
        x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
        k += (i >> 20);
        double f = x - 1.0;
        double dk = k;
        if ((0x000fffff & (2 + hx)) < 3) {
            if (f == 0.0) {
                return k == 0 ? 0.0 : dk * LN2_HI + dk * LN2_LO;
            }
            double r = f * f * (0.5 - 0.33333333333333333 * f);
            return k == 0 ? f - r : dk * LN2_HI - ((r - dk * LN2_LO) - f);
        }
        double s = f / (2.0 + f);
        double z = s * s;
        int i2 = hx - 0x6147a;
        double w = z * z;
        int j = 0x6b851 - hx;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        i2 |= j;
        double r = t2 + t1;
        if (i2 > 0) {
            double hfsq = 0.5 * f * f;
            return k == 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
        }
        return k == 0 ? f - s * (f - r) : dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    }

    /**
     * The hyperbolic tangent. With a = |x|: from {@link #TANH_TINY} to {@link #TANH_SATURATES},
     * tanh a = 1 - 2t / (1 + t) with t = e^-2a, where t, the quotient and the difference are carried
     * as double-doubles, so that the difference keeps its precision however much it cancels (at
     * a = 2^-27, 1 and q agree in their first 27 bits); below, a; beyond, 1. The sign is x's. One
     * path for all but the ends, so that a vector lane computes nothing it throws away.
     */
    public static double tanh(double x) {
        if (x != x) {
            return x + x;
        }
        double a = Math.abs(x);
        double y;
        if (a < TANH_TINY) {
            y = a;
        } else if (a < TANH_SATURATES) {
            double v = -2.0 * a;
            double kd = Math.fma(v, INV_LN2, MAGIC) - MAGIC;
            double hi = Math.fma(-kd, LN2_HI, v);
            double lo = kd * LN2_LO;
            double r = hi - lo;
            double rc = (hi - r) - lo;
            // e^r = 1 + r + r^2/2 + r^3 P(r) + rc (1 + r), the first terms summed exactly
            double r2 = r * r;
            double r4 = r2 * r2;
            double p = Math.fma(Math.fma(Math.fma(E14, r, E13), r2, Math.fma(E12, r, E11)), r4 * r4,
                    Math.fma(Math.fma(Math.fma(E10, r, E9), r2, Math.fma(E8, r, E7)), r4,
                            Math.fma(Math.fma(E6, r, E5), r2, Math.fma(E4, r, E3))));
            double r2e = Math.fma(r, r, -r2);
            double h = 0.5 * r2;
            double s1 = 1.0 + r;
            double e1 = (1.0 - s1) + r;
            double s2 = s1 + h;
            double e2 = (s1 - s2) + h;
            double tail = ((e1 + e2) + Math.fma(0.5, r2e, r * r2 * p)) + Math.fma(rc, r, rc);
            double eh = s2 + tail;
            double el = (s2 - eh) + tail;
            double scale = Double.longBitsToDouble(
                    Double.doubleToRawLongBits(kd + MAGIC) - MAGIC_BITS + 1023L << 52);
            double th = eh * scale;
            double tl = el * scale;
            // q = 2t / (1 + t), then 1 - q, each with its rounding error kept
            double d = 1.0 + th;
            double dl = ((1.0 - d) + th) + tl;
            double inv = 1.0 / d;
            double q = 2.0 * th * inv;
            double rem = Math.fma(-q, d, 2.0 * th);
            double ql = Math.fma(-q, dl, Math.fma(2.0, tl, rem)) * inv;
            double u = 1.0 - q;
            double ue = (1.0 - u) - q;
            y = u + (ue - ql);
        } else {
            y = 1.0;
        }
        return Math.copySign(y, x);
    }

    /** 1 / (1 + e^-x). */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + exp(-x));
    }
}
