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

    private static final int VERSION = 1;

    private static final int MAGIC = 0x4250524d; // "BPRM"

    private ModelCodec() {
    }

    // ---- binary: magic, version, task, names, labels, standardizer, then per layer spec and raw doubles

    public static byte[] toBytes(TrainedModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeUTF(model.task().name());
            writeStrings(out, model.featureNames());
            writeStrings(out, model.targetNames());
            writeStrings(out, model.labels());
            Standardizer s = model.standardizer();
            out.writeBoolean(s != null);
            if (s != null) {
                writeDoubles(out, s.mean());
                writeDoubles(out, s.std());
            }
            Network network = model.network();
            out.writeInt(network.inputs());
            out.writeInt(network.layers().size());
            for (Dense layer : network.layers()) {
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
            if (version != VERSION) {
                throw new IllegalArgumentException("model format version " + version + " is not supported");
            }
            Task task = Task.valueOf(in.readUTF());
            List<String> featureNames = readStrings(in);
            List<String> targetNames = readStrings(in);
            List<String> labels = readStrings(in);
            Standardizer standardizer = in.readBoolean() ? new Standardizer(readDoubles(in), readDoubles(in)) : null;
            int inputs = in.readInt();
            int count = in.readInt();
            List<LayerSpec> specs = new ArrayList<>();
            List<double[]> weights = new ArrayList<>();
            List<double[]> biases = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                specs.add(new LayerSpec(in.readInt(), Activation.valueOf(in.readUTF()), in.readBoolean(), in.readDouble()));
                weights.add(readDoubles(in));
                biases.add(readDoubles(in));
            }
            Network network = new Network(inputs, specs);
            for (int i = 0; i < count; i++) {
                copyInto(weights.get(i), network.layers().get(i).weights().value(), "layer " + i + " weights");
                copyInto(biases.get(i), network.layers().get(i).biases().value(), "layer " + i + " biases");
            }
            return new TrainedModel(task, network, standardizer, featureNames, targetNames, labels);
        } catch (IOException e) {
            throw new IllegalArgumentException("the model bytes are truncated or corrupt", e);
        }
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
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
