package dev.backprop.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link Trainer.Checkpoint} as bytes and back, every double to the bit: a version, then the
 * epoch, weights, optimizer state, stream positions, row order, early stopping's bookkeeping and the
 * last epoch's figures, big-endian as {@link DataOutputStream} writes them.
 */
public final class CheckpointCodec {

    private static final int MAGIC = 0x42504350; // "BPCP"
    private static final int VERSION = 1;

    private CheckpointCodec() {
    }

    public static byte[] toBytes(Trainer.Checkpoint c) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(c.epoch());
            writeMatrix(out, c.weights());
            out.writeLong(c.optimizer().steps());
            out.writeInt(c.optimizer().arrays().length);
            for (double[][] array : c.optimizer().arrays()) {
                writeMatrix(out, array);
            }
            for (long v : c.shuffleStream()) {
                out.writeLong(v);
            }
            for (long v : c.dropoutStream()) {
                out.writeLong(v);
            }
            out.writeInt(c.order().length);
            for (int i : c.order()) {
                out.writeInt(i);
            }
            out.writeDouble(c.best());
            out.writeInt(c.bestEpoch());
            out.writeInt(c.sinceBest());
            writeMatrix(out, c.bestWeights());
            EpochStats s = c.last();
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeInt(s.epoch());
                out.writeInt(s.totalEpochs());
                for (double v : new double[] {s.trainLoss(), s.validationLoss(), s.trainMetric(), s.validationMetric(),
                        s.learningRate(), s.runningLoss()}) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Trainer.Checkpoint fromBytes(byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("not a checkpoint this engine reads");
            }
            int epoch = in.readInt();
            double[][] weights = readMatrix(in);
            long steps = in.readLong();
            double[][][] arrays = new double[in.readInt()][][];
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = readMatrix(in);
            }
            long[] shuffle = {in.readLong(), in.readLong()};
            long[] dropout = {in.readLong(), in.readLong()};
            int[] order = new int[in.readInt()];
            for (int i = 0; i < order.length; i++) {
                order[i] = in.readInt();
            }
            double best = in.readDouble();
            int bestEpoch = in.readInt();
            int sinceBest = in.readInt();
            double[][] bestWeights = readMatrix(in);
            EpochStats last = null;
            if (in.readBoolean()) {
                last = new EpochStats(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble());
            }
            return new Trainer.Checkpoint(epoch, weights, new Optimizer.Snapshot(steps, arrays), shuffle, dropout, order,
                    best, bestEpoch, sinceBest, bestWeights, last);
        } catch (IOException e) {
            throw new IllegalArgumentException("a truncated checkpoint", e);
        }
    }

    /** Rows of any length; null is written as -1 rows. */
    private static void writeMatrix(DataOutputStream out, double[][] rows) throws IOException {
        if (rows == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(rows.length);
        for (double[] row : rows) {
            out.writeInt(row.length);
            for (double v : row) {
                out.writeDouble(v);
            }
        }
    }

    private static double[][] readMatrix(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            return null;
        }
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new double[in.readInt()];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = in.readDouble();
            }
        }
        return rows;
    }
}
