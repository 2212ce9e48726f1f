package dev.backprop.dataset;

import dev.backprop.engine.TrainingData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * Packs rows into chunk bytes and back: per row its features then its targets, each a little-endian
 * IEEE 754 double, so values read back bit for bit.
 */
final class ChunkCodec {

    private ChunkCodec() {
    }

    /** Rows {@code [from, to)} of the table as one chunk. */
    static byte[] encode(TrainingData table, int from, int to) {
        int width = table.featureCount();
        int targets = table.targetCount();
        ByteBuffer bytes = ByteBuffer.allocate((to - from) * (width + targets) * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        DoubleBuffer out = bytes.asDoubleBuffer();
        for (int r = from; r < to; r++) {
            out.put(table.features(), r * width, width);
            out.put(table.targets(), r * targets, targets);
        }
        return bytes.array();
    }

    /** Unpacks a chunk's rows into the arrays at row {@code firstRow}. */
    static void decode(byte[] data, int rowCount, int width, int targets, double[] features, double[] targetValues,
            int firstRow) {
        DoubleBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int i = 0; i < rowCount; i++) {
            int r = firstRow + i;
            in.get(features, r * width, width);
            in.get(targetValues, r * targets, targets);
        }
    }
}
