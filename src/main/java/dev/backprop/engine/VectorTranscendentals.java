package dev.backprop.engine;

import static dev.backprop.engine.Transcendentals.INV_LN2;
import static dev.backprop.engine.Transcendentals.LG1;
import static dev.backprop.engine.Transcendentals.LG2;
import static dev.backprop.engine.Transcendentals.LG3;
import static dev.backprop.engine.Transcendentals.LG4;
import static dev.backprop.engine.Transcendentals.LG5;
import static dev.backprop.engine.Transcendentals.LG6;
import static dev.backprop.engine.Transcendentals.LG7;
import static dev.backprop.engine.Transcendentals.LN2_HI;
import static dev.backprop.engine.Transcendentals.LN2_LO;
import static dev.backprop.engine.Transcendentals.O_THRESHOLD;
import static dev.backprop.engine.Transcendentals.P1;
import static dev.backprop.engine.Transcendentals.P2;
import static dev.backprop.engine.Transcendentals.P3;
import static dev.backprop.engine.Transcendentals.P4;
import static dev.backprop.engine.Transcendentals.P5;
import static dev.backprop.engine.Transcendentals.Q1;
import static dev.backprop.engine.Transcendentals.Q2;
import static dev.backprop.engine.Transcendentals.Q3;
import static dev.backprop.engine.Transcendentals.Q4;
import static dev.backprop.engine.Transcendentals.Q5;
import static dev.backprop.engine.Transcendentals.TWO_54;
import static dev.backprop.engine.Transcendentals.TWO_M1000;
import static dev.backprop.engine.Transcendentals.U_THRESHOLD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Transcendentals} lane by lane: every lane runs the scalar code's operations in the same
 * order, its branches computed side by side and blended by masks, so each lane's bits equal the
 * scalar function's. Integer steps use the exact trick {@code (t + 1.5 * 2^52) - 1.5 * 2^52} instead
 * of double-to-long conversions, which AVX2 lacks.
 */
final class VectorTranscendentals implements ArrayMath {

    private static final VectorSpecies<Double> S = SimdSpecies.DOUBLE;
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());
    private static final int L = S.length();
    private static final double MAGIC = 0x1.8p52;
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

    /**
     * The double whose high word is {@code high} and low word 0: for a non-negative x, fdlibm's test
     * {@code highWord(x) < high} is {@code x < bound(high)}. Comparing doubles keeps the masks in the
     * double lanes (casting a long mask to a double one is not compiled to vector code).
     */
    private static double bound(long high) {
        return Double.longBitsToDouble(high << 32);
    }

    private static final double EXP_TINY = bound(0x3e300000L);
    private static final double EXPM1_TINY = bound(0x3c900000L);
    private static final double HALF_LN2 = bound(0x3fd62e43L);
    private static final double THREE_HALVES_LN2 = bound(0x3FF0A2B2L);
    private static final double EXPM1_SATURATES = bound(0x4043687AL);
    private static final double TANH_TINY = bound(0x3c800000L);
    private static final double TANH_SATURATES = bound(0x40360000L);

    // Each array method holds its whole lane computation: a method that takes a vector as a parameter
    // and is not inlined (too big, or compiled on its own first) sees an abstract DoubleVector, and
    // every operation in it then runs the Vector API's slow Java fallback.

    @Override
    public void exp(double[] a, int from, int to) {
        int i = from;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        for (; i + L <= to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i);
            DoubleVector ax = x.abs();
            // k: 0 below ln2/2, ±1 below 3 ln2/2, else x/ln2 ± 1/2 truncated (exact for |t| < 2^51)
            VectorMask<Double> negative = x.compare(LT, 0.0);
            DoubleVector sign = one.blend(-1.0, negative);
            DoubleVector tk = x.mul(INV_LN2).add(sign.mul(0.5));
            DoubleVector rk = tk.add(MAGIC).sub(MAGIC);
            DoubleVector kd = rk.blend(rk.sub(sign), rk.abs().compare(GT, tk.abs()));
            kd = kd.blend(sign, ax.compare(LT, THREE_HALVES_LN2)).blend(0.0, ax.compare(LT, HALF_LN2));
            DoubleVector hi = x.sub(kd.mul(LN2_HI));
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector t = r.mul(r);
            DoubleVector c = r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
            DoubleVector y = one.sub(lo.sub(r.mul(c).div(two.sub(c))).sub(hi));
            LongVector k52 = kd.add(MAGIC).reinterpretAsLongs().sub(MAGIC_BITS).lanewise(LSHL, 52);
            LongVector yBits = y.reinterpretAsLongs();
            DoubleVector result = yBits.add(k52).reinterpretAsDoubles().blend(
                    yBits.add(k52).add(1000L << 52).reinterpretAsDoubles().mul(TWO_M1000), kd.compare(LT, -1021.0));
            result = result.blend(x.add(1.0), ax.compare(LT, EXP_TINY));
            result = result.blend(Double.POSITIVE_INFINITY, x.compare(GT, O_THRESHOLD));
            result = result.blend(0.0, x.compare(LT, U_THRESHOLD));
            result.blend(x.add(x), x.compare(NE, x)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Transcendentals.exp(a[i]);
        }
    }

    @Override
    public void expm1(double[] a, int from, int to) {
        int i = from;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        LongVector bias = LongVector.broadcast(LS, 1023L);
        for (; i + L <= to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i);
            DoubleVector ax = x.abs();
            VectorMask<Double> negative = x.compare(LT, 0.0);
            DoubleVector sign = one.blend(-1.0, negative);
            DoubleVector tk = x.mul(INV_LN2).add(sign.mul(0.5));
            DoubleVector rk = tk.add(MAGIC).sub(MAGIC);
            DoubleVector kd = rk.blend(rk.sub(sign), rk.abs().compare(GT, tk.abs()));
            kd = kd.blend(sign, ax.compare(LT, THREE_HALVES_LN2)).blend(0.0, ax.compare(LT, HALF_LN2));
            DoubleVector hi = x.sub(kd.mul(LN2_HI));
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector c = hi.sub(r).sub(lo);
            DoubleVector hfx = r.mul(0.5);
            DoubleVector hxs = r.mul(hfx);
            DoubleVector r1 = hxs.mul(hxs.mul(hxs.mul(hxs.mul(hxs.mul(Q5).add(Q4)).add(Q3)).add(Q2)).add(Q1)).add(1.0);
            DoubleVector t = DoubleVector.broadcast(S, 3.0).sub(r1.mul(hfx));
            DoubleVector e = hxs.mul(r1.sub(t).div(DoubleVector.broadcast(S, 6.0).sub(r.mul(t))));
            DoubleVector result = r.sub(r.mul(e).sub(hxs));
            LongVector k = kd.add(MAGIC).reinterpretAsLongs().sub(MAGIC_BITS);
            LongVector k52 = k.lanewise(LSHL, 52);
            DoubleVector pow2 = bias.sub(k).lanewise(LSHL, 52).reinterpretAsDoubles();
            e = r.mul(e.sub(c)).sub(c).sub(hxs);
            DoubleVector minusOne = e.neg().add(r).mul(0.5).sub(0.5);
            DoubleVector oneLow = e.sub(r.add(0.5)).mul(-2.0);
            DoubleVector oneHigh = r.sub(e).mul(2.0).add(1.0);
            DoubleVector far = one.sub(e.sub(r)).reinterpretAsLongs().add(k52).reinterpretAsDoubles().sub(1.0);
            DoubleVector below20 = one.sub(pow2).sub(e.sub(r)).reinterpretAsLongs().add(k52).reinterpretAsDoubles();
            DoubleVector from20 = r.sub(e.add(pow2)).add(1.0).reinterpretAsLongs().add(k52).reinterpretAsDoubles();
            DoubleVector other = from20.blend(below20, kd.compare(LT, 20.0));
            other = other.blend(far, kd.compare(LT, -1.0).or(kd.compare(GT, 56.0)));
            other = other.blend(oneHigh, kd.compare(EQ, 1.0));
            other = other.blend(oneLow, kd.compare(EQ, 1.0).and(r.compare(LT, -0.25)));
            other = other.blend(minusOne, kd.compare(EQ, -1.0));
            result = result.blend(other, kd.compare(NE, 0.0));
            result = result.blend(x, ax.compare(LT, EXPM1_TINY));
            result = result.blend(-1.0, ax.compare(GE, EXPM1_SATURATES).and(negative));
            result = result.blend(Double.POSITIVE_INFINITY, x.compare(GT, O_THRESHOLD));
            result.blend(x.add(x), x.compare(NE, x)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Transcendentals.expm1(a[i]);
        }
    }

    @Override
    public void log(double[] a, int from, int to) {
        int i = from;
        LongVector lg = LongVector.broadcast(LS, 0x6b851L);
        for (; i + L <= to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i);
            VectorMask<Double> subnormal = x.compare(LT, Double.MIN_NORMAL).and(x.compare(GT, 0.0));
            DoubleVector xs = x.blend(x.mul(TWO_54), subnormal);
            LongVector bits = xs.reinterpretAsLongs();
            LongVector hx = bits.lanewise(ASHR, 32);
            LongVector k = hx.lanewise(ASHR, 20).sub(1023L);
            hx = hx.and(0x000fffffL);
            LongVector n = hx.add(0x95f64L).and(0x100000L);
            DoubleVector m = hx.or(n.lanewise(XOR, 0x3ff00000L)).lanewise(LSHL, 32)
                    .or(bits.and(0xffffffffL)).reinterpretAsDoubles();
            k = k.add(n.lanewise(ASHR, 20));
            DoubleVector f = m.sub(1.0);
            DoubleVector dk = k.add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC)
                    .add(DoubleVector.zero(S).blend(-54.0, subnormal));
            DoubleVector dkHi = dk.mul(LN2_HI);
            DoubleVector dkLo = dk.mul(LN2_LO);
            // -2^-20 <= f < 2^-20
            DoubleVector rt = f.mul(f).mul(DoubleVector.broadcast(S, 0.5).sub(f.mul(0.33333333333333333)));
            DoubleVector near = dkHi.sub(rt.sub(dkLo).sub(f));
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
            DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
            DoubleVector r = t2.add(t1);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector wide = dkHi.sub(hfsq.sub(s.mul(hfsq.add(r)).add(dkLo)).sub(f));
            DoubleVector narrow = dkHi.sub(s.mul(f.sub(r)).sub(dkLo).sub(f));
            // the two integer tests select in long lanes: a long mask cast to double lanes is not vector code
            LongVector chosen = narrow.reinterpretAsLongs().blend(wide.reinterpretAsLongs(),
                    hx.sub(0x6147aL).or(lg.sub(hx)).compare(GT, 0L));
            chosen = chosen.blend(near.reinterpretAsLongs(), hx.add(2L).and(0x000fffffL).compare(LT, 3L));
            DoubleVector result = chosen.reinterpretAsDoubles();
            result = result.blend(x.add(x), x.compare(GE, Double.POSITIVE_INFINITY).or(x.compare(NE, x)));
            result = result.blend(Double.NaN, x.compare(LT, 0.0));
            result.blend(Double.NEGATIVE_INFINITY, x.compare(EQ, 0.0)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Transcendentals.log(a[i]);
        }
    }

    private static final int CHUNK = 512;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[CHUNK]);

    /** In chunks: the expm1 arguments into a scratch array, expm1 over it, then tanh from both. */
    @Override
    public void tanh(double[] a, int from, int to) {
        double[] t = SCRATCH.get();
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int c = from; c < to; c += CHUNK) {
            int end = Math.min(to, c + CHUNK);
            int vectorEnd = c + (end - c) / L * L;
            for (int i = c; i < vectorEnd; i += L) {
                DoubleVector ax = DoubleVector.fromArray(S, a, i).abs();
                ax.mul(-2.0).blend(ax.mul(2.0), ax.compare(GE, 1.0)).intoArray(t, i - c);
            }
            expm1(t, 0, vectorEnd - c);
            for (int i = c; i < vectorEnd; i += L) {
                DoubleVector x = DoubleVector.fromArray(S, a, i);
                DoubleVector ax = x.abs();
                DoubleVector e = DoubleVector.fromArray(S, t, i - c);
                DoubleVector z = e.neg().div(e.add(2.0))
                        .blend(one.sub(DoubleVector.broadcast(S, 2.0).div(e.add(2.0))), ax.compare(GE, 1.0));
                z = z.blend(1.0, ax.compare(GE, TANH_SATURATES));
                DoubleVector result = z.blend(z.neg(), x.compare(LT, 0.0));
                result = result.blend(x.mul(x.add(1.0)), ax.compare(LT, TANH_TINY));
                result.blend(x.add(x), x.compare(NE, x)).intoArray(a, i);
            }
            for (int i = vectorEnd; i < end; i++) {
                a[i] = Transcendentals.tanh(a[i]);
            }
        }
    }

    /** 1 / (1 + e^-x): negate, exp, then the reciprocal, all in place. */
    @Override
    public void sigmoid(double[] a, int from, int to) {
        int vectorEnd = from + (to - from) / L * L;
        for (int i = from; i < vectorEnd; i += L) {
            DoubleVector.fromArray(S, a, i).neg().intoArray(a, i);
        }
        exp(a, from, vectorEnd);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int i = from; i < vectorEnd; i += L) {
            one.div(DoubleVector.fromArray(S, a, i).add(1.0)).intoArray(a, i);
        }
        for (int i = vectorEnd; i < to; i++) {
            a[i] = Transcendentals.sigmoid(a[i]);
        }
    }

    @Override
    public String describe() {
        return "vector " + S.vectorBitSize() + "-bit";
    }
}
