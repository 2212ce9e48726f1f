package dev.backprop.training;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of history points as one value, the form a segment of a job's history is stored in: a
 * format byte, the point count, then per point its epoch, a byte saying which figures it has and
 * those figures as IEEE doubles, bit for bit. One value for a flush's points instead of a row per
 * point: a Britz-sized job's thousand rows cost it more than its model and its end together.
 */
public final class HistoryCodec {

    static final byte FORMAT = 1;

    private HistoryCodec() {
    }

    /** The points, in the order given. */
    public static byte[] encode(List<EpochFigures> points) {
        int size = 1 + Integer.BYTES;
        for (EpochFigures p : points) {
            size += Integer.BYTES + 1 + Double.BYTES * Integer.bitCount(mask(p));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putInt(points.size());
        for (EpochFigures p : points) {
            int mask = mask(p);
            out.putInt(p.epoch()).put((byte) mask);
            put(out, p.trainLoss());
            put(out, p.validationLoss());
            put(out, p.trainMetric());
            put(out, p.validationMetric());
            put(out, p.learningRate());
        }
        return out.array();
    }

    /**
     * The points of an encoded run.
     *
     * @throws IllegalArgumentException when {@code data} is not one
     */
    public static List<EpochFigures> decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("not a history segment of format " + FORMAT);
            }
            int count = in.getInt();
            // each point takes at least five bytes: a count past that is a corrupt value, not an allocation
            if (count < 0 || count > in.remaining() / 5) {
                throw new IllegalArgumentException("history segment claims " + count + " points in " + data.length + " bytes");
            }
            List<EpochFigures> points = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int epoch = in.getInt();
                int mask = in.get();
                if ((mask & ~0x1f) != 0) {
                    throw new IllegalArgumentException("history point " + i + " has an unknown figure mask " + mask);
                }
                points.add(new EpochFigures(epoch, get(in, mask, 0), get(in, mask, 1), get(in, mask, 2), get(in, mask, 3),
                        get(in, mask, 4)));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("history segment has " + in.remaining() + " bytes after its points");
            }
            return points;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("history segment ends inside a point", e);
        }
    }

    private static int mask(EpochFigures p) {
        return bit(p.trainLoss(), 0) | bit(p.validationLoss(), 1) | bit(p.trainMetric(), 2) | bit(p.validationMetric(), 3)
                | bit(p.learningRate(), 4);
    }

    private static int bit(Double value, int bit) {
        return value == null ? 0 : 1 << bit;
    }

    private static void put(ByteBuffer out, Double value) {
        if (value != null) {
            out.putLong(Double.doubleToRawLongBits(value));
        }
    }

    private static Double get(ByteBuffer in, int mask, int bit) {
        return (mask & 1 << bit) == 0 ? null : Double.longBitsToDouble(in.getLong());
    }
}
