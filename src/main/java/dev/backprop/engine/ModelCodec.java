package dev.backprop.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TrainedModel} as compact binary, every double as its raw IEEE 754 bits, and reads
 * it back bit-exact. It is the form the service stores; the portable JSON document is the service's.
 */
public final class ModelCodec {

    /** 2: the inputs' columns (kinds, imputation, levels); 1: feature names and a standardizer, still read. */
    private static final int VERSION = 2;

    private static final int MAGIC = 0x4250524d; // "BPRM"

    private ModelCodec() {
    }

    // ---- binary: magic, version, task, target names, labels, the inputs, then per layer spec and raw doubles

    public static byte[] toBytes(TrainedModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeUTF(model.task().name());
            writeStrings(out, model.targetNames());
            writeStrings(out, model.labels());
            writeInputs(out, model.inputs());
            Network network = model.network();
            out.writeInt(network.inputs());
            out.writeInt(network.layers().size());
            for (Layer each : network.layers()) {
                Dense layer = switch (each) {
                    case Dense dense -> dense;
                };
                LayerSpec spec = layer.spec();
                out.writeInt(spec.units());
                out.writeUTF(spec.activation().name());
                out.writeBoolean(spec.bias());
                out.writeDouble(spec.dropout());
                writeDoubles(out, layer.weights().value());
                writeDoubles(out, layer.biases().value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a model this version can read
     */
    public static TrainedModel fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a backprop model");
            }
            int version = in.readShort();
            if (version != 1 && version != VERSION) {
                throw new IllegalArgumentException("model format version " + version + " is not supported");
            }
            Task task = Task.valueOf(in.readUTF());
            Inputs inputs;
            List<String> targetNames;
            List<String> labels;
            if (version == 1) {
                List<String> featureNames = readStrings(in);
                targetNames = readStrings(in);
                labels = readStrings(in);
                Standardizer standardizer = in.readBoolean() ? new Standardizer(readDoubles(in), readDoubles(in)) : null;
                inputs = Inputs.numbers(featureNames, standardizer);
            } else {
                targetNames = readStrings(in);
                labels = readStrings(in);
                inputs = readInputs(in);
            }
            int width = in.readInt();
            int count = in.readInt();
            List<LayerSpec> specs = new ArrayList<>();
            List<double[]> weights = new ArrayList<>();
            List<double[]> biases = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                specs.add(new LayerSpec(in.readInt(), Activation.valueOf(in.readUTF()), in.readBoolean(), in.readDouble()));
                weights.add(readDoubles(in));
                biases.add(readDoubles(in));
            }
            Network network = new Network(width, specs);
            for (int i = 0; i < count; i++) {
                switch (network.layers().get(i)) {
                    case Dense dense -> {
                        copyInto(weights.get(i), dense.weights().value(), "layer " + i + " weights");
                        copyInto(biases.get(i), dense.biases().value(), "layer " + i + " biases");
                    }
                }
            }
            return new TrainedModel(task, network, inputs, targetNames, labels);
        } catch (IOException e) {
            throw new IllegalArgumentException("the model bytes are truncated or corrupt", e);
        }
    }

    private static final int NUMBER = 0;
    private static final int CATEGORY = 1;

    private static void writeInputs(DataOutputStream out, Inputs inputs) throws IOException {
        out.writeBoolean(inputs.standardized());
        out.writeInt(inputs.columns().size());
        for (Inputs.Column column : inputs.columns()) {
            switch (column) {
                case Inputs.Number n -> {
                    out.writeByte(NUMBER);
                    out.writeUTF(n.name());
                    out.writeLong(Double.doubleToRawLongBits(n.fill()));
                    out.writeBoolean(n.indicator());
                    out.writeLong(Double.doubleToRawLongBits(n.mean()));
                    out.writeLong(Double.doubleToRawLongBits(n.std()));
                }
                case Inputs.Category c -> {
                    out.writeByte(CATEGORY);
                    out.writeUTF(c.name());
                    writeStrings(out, c.levels());
                    out.writeBoolean(c.missingInput());
                    out.writeInt(c.fillLevel());
                    out.writeInt(c.rare());
                }
            }
        }
    }

    private static Inputs readInputs(DataInputStream in) throws IOException {
        boolean standardized = in.readBoolean();
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("bad column count " + count);
        }
        List<Inputs.Column> columns = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            int kind = in.readByte();
            String name = in.readUTF();
            if (kind == NUMBER) {
                columns.add(new Inputs.Number(name, Double.longBitsToDouble(in.readLong()), in.readBoolean(),
                        Double.longBitsToDouble(in.readLong()), Double.longBitsToDouble(in.readLong())));
            } else if (kind == CATEGORY) {
                columns.add(new Inputs.Category(name, readStrings(in), in.readBoolean(), in.readInt(), in.readInt()));
            } else {
                throw new IOException("unknown column kind " + kind);
            }
        }
        return new Inputs(columns, standardized);
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 2) {
            throw new IOException("bad string count " + n);
        }
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readUTF());
        }
        return values;
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / Long.BYTES) {
            throw new IOException("bad array length " + n);
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }

    private static void copyInto(double[] from, double[] to, String what) {
        if (from.length != to.length) {
            throw new IllegalArgumentException(what + ": expected " + to.length + " values, got " + from.length);
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
