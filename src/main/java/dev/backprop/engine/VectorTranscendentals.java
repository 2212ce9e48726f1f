package dev.backprop.engine;

import static dev.backprop.engine.Transcendentals.E10;
import static dev.backprop.engine.Transcendentals.E11;
import static dev.backprop.engine.Transcendentals.E12;
import static dev.backprop.engine.Transcendentals.E13;
import static dev.backprop.engine.Transcendentals.E14;
import static dev.backprop.engine.Transcendentals.E2;
import static dev.backprop.engine.Transcendentals.E3;
import static dev.backprop.engine.Transcendentals.E4;
import static dev.backprop.engine.Transcendentals.E5;
import static dev.backprop.engine.Transcendentals.E6;
import static dev.backprop.engine.Transcendentals.E7;
import static dev.backprop.engine.Transcendentals.E8;
import static dev.backprop.engine.Transcendentals.E9;
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
import static dev.backprop.engine.Transcendentals.MAGIC;
import static dev.backprop.engine.Transcendentals.MAGIC_BITS;
import static dev.backprop.engine.Transcendentals.O_THRESHOLD;
import static dev.backprop.engine.Transcendentals.TANH_SATURATES;
import static dev.backprop.engine.Transcendentals.TANH_TINY;
import static dev.backprop.engine.Transcendentals.TWO_54;
import static dev.backprop.engine.Transcendentals.TWO_M1000;
import static dev.backprop.engine.Transcendentals.U_THRESHOLD;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Transcendentals} lane by lane: every lane runs the scalar code's operations in the same
 * order, its branches computed side by side and blended by masks, so each lane's bits equal the
 * scalar function's. Integer steps use the exact trick {@code (t + 1.5 * 2^52) - 1.5 * 2^52} instead
 * of double-to-long conversions, and only long operations that AVX2 has (no arithmetic shift, no
 * conversion), so that no lane operation falls back to Java code there.
 */
final class VectorTranscendentals implements ArrayMath {

    private static final VectorSpecies<Double> S = SimdSpecies.DOUBLE;
    private static final int L = S.length();
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());
    private static final long SIGN = Long.MIN_VALUE;

    private static DoubleVector c(double value) {
        return DoubleVector.broadcast(S, value);
    }

    // Each array method holds its whole lane computation: a method that takes a vector as a parameter
    // and is not inlined (too big, or compiled on its own first) sees an abstract DoubleVector, and
    // every operation in it then runs the Vector API's slow Java fallback.

    @Override
    public void exp(double[] a, int from, int to) {
        int i = from;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector e14 = c(E14);
        DoubleVector ln2hi = c(LN2_HI);
        for (; i + L <= to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i);
            DoubleVector kd = x.fma(INV_LN2, MAGIC).sub(MAGIC);
            DoubleVector hi = kd.neg().fma(ln2hi, x);
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector rc = hi.sub(r).sub(lo);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector p = e14.fma(r4, r.fma(E13, E12).fma(r2, r.fma(E11, E10))).fma(r4.mul(r4),
                    r.fma(E9, E8).fma(r2, r.fma(E7, E6)).fma(r4, r.fma(E5, E4).fma(r2, r.fma(E3, E2))));
            DoubleVector c = r2.fma(p, rc);
            DoubleVector s1 = r.add(1.0);
            DoubleVector e1 = one.sub(s1).add(r);
            LongVector y = s1.add(e1.add(c)).reinterpretAsLongs();
            LongVector k = kd.add(MAGIC).reinterpretAsLongs().sub(MAGIC_BITS);
            DoubleVector result = y.add(k.lanewise(LSHL, 52)).reinterpretAsDoubles().blend(
                    y.add(k.add(1000L).lanewise(LSHL, 52)).reinterpretAsDoubles().mul(TWO_M1000),
                    kd.compare(LT, -1021.0));
            result = result.blend(Double.POSITIVE_INFINITY, x.compare(GT, O_THRESHOLD));
            result = result.blend(0.0, x.compare(LT, U_THRESHOLD));
            result.blend(x.add(x), x.compare(NE, x)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Transcendentals.exp(a[i]);
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
            LongVector hx = bits.lanewise(LSHR, 32);
            LongVector k = hx.lanewise(LSHR, 20).sub(1023L);
            hx = hx.and(0x000fffffL);
            LongVector n = hx.add(0x95f64L).and(0x100000L);
            DoubleVector m = hx.or(n.lanewise(XOR, 0x3ff00000L)).lanewise(LSHL, 32)
                    .or(bits.and(0xffffffffL)).reinterpretAsDoubles();
            k = k.add(n.lanewise(LSHR, 20));
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

    @Override
    public void tanh(double[] a, int from, int to) {
        int i = from;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector ln2hi = c(LN2_HI);
        DoubleVector half = c(0.5);
        DoubleVector two = c(2.0);
        for (; i + L <= to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i);
            DoubleVector ax = x.abs();
            // 1 - 2t / (1 + t), t = e^-2a, in double-doubles
            DoubleVector v = ax.mul(-2.0);
            DoubleVector kd = v.fma(INV_LN2, MAGIC).sub(MAGIC);
            DoubleVector hi = kd.neg().fma(ln2hi, v);
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector rc = hi.sub(r).sub(lo);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector p = r.fma(E14, E13).fma(r2, r.fma(E12, E11)).fma(r4.mul(r4), r.fma(E10, E9)
                    .fma(r2, r.fma(E8, E7)).fma(r4, r.fma(E6, E5).fma(r2, r.fma(E4, E3))));
            DoubleVector r2e = r.fma(r, r2.neg());
            DoubleVector h = r2.mul(0.5);
            DoubleVector s1 = r.add(1.0);
            DoubleVector e1 = one.sub(s1).add(r);
            DoubleVector s2 = s1.add(h);
            DoubleVector e2 = s1.sub(s2).add(h);
            DoubleVector tail = e1.add(e2).add(r2e.fma(half, r.mul(r2).mul(p))).add(rc.fma(r, rc));
            DoubleVector eh = s2.add(tail);
            DoubleVector el = s2.sub(eh).add(tail);
            DoubleVector scale = kd.add(MAGIC).reinterpretAsLongs().sub(MAGIC_BITS - 1023L).lanewise(LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector th = eh.mul(scale);
            DoubleVector tl = el.mul(scale);
            DoubleVector d = th.add(1.0);
            DoubleVector dl = one.sub(d).add(th).add(tl);
            DoubleVector inv = one.div(d);
            DoubleVector th2 = th.mul(2.0);
            DoubleVector q = th2.mul(inv);
            DoubleVector rem = q.neg().fma(d, th2);
            DoubleVector ql = q.neg().fma(dl, tl.fma(two, rem)).mul(inv);
            DoubleVector u = one.sub(q);
            DoubleVector ue = one.sub(u).sub(q);
            DoubleVector y = u.add(ue.sub(ql));
            y = y.blend(ax, ax.compare(LT, TANH_TINY));
            y = y.blend(1.0, ax.compare(GE, TANH_SATURATES));
            DoubleVector result = y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(SIGN)).reinterpretAsDoubles();
            result.blend(x.add(x), x.compare(NE, x)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Transcendentals.tanh(a[i]);
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

    /** Each lane's partner in its pair: 1, 0, 3, 2, ... */
    private static final VectorShuffle<Double> PARTNER = VectorShuffle.fromOp(S, i -> i ^ 1);

    /**
     * A vector of pairs at a time, each lane combined with its partner (max and sum are symmetric, so
     * both lanes of a pair get the scalar code's value); the same passes as the scalar code.
     */
    @Override
    public void softmaxPairs(double[] a, int from, int to) {
        int vectorEnd = from + (to - from) / L * L;
        for (int i = from; i < vectorEnd; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, i);
            v.sub(v.max(v.rearrange(PARTNER))).intoArray(a, i);
        }
        for (int i = vectorEnd; i < to; i += 2) {
            double max = Math.max(a[i], a[i + 1]);
            a[i] -= max;
            a[i + 1] -= max;
        }
        exp(a, from, to);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int i = from; i < vectorEnd; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, i);
            v.mul(one.div(v.add(v.rearrange(PARTNER)))).intoArray(a, i);
        }
        for (int i = vectorEnd; i < to; i += 2) {
            double inv = 1.0 / (a[i] + a[i + 1]);
            a[i] *= inv;
            a[i + 1] *= inv;
        }
    }

    @Override
    public String describe() {
        return "vector " + S.vectorBitSize() + "-bit";
    }
}
