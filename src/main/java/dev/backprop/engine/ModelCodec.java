package dev.backprop.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TrainedModel} as compact binary (for storage) or as the portable JSON document
 * described in docs/model-format.md (for people and other tools), and reads both back bit-exact.
 */
public final class ModelCodec {

    /** The JSON document's {@code format} value. */
    public static final String FORMAT = "backprop-model";
    public static final int VERSION = 1;

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

    // ---- JSON

    public static String toJson(TrainedModel model) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(VERSION);
        out.append(",\"task\":\"").append(model.task().name()).append('"');
        out.append(",\"inputs\":").append(model.network().inputs());
        out.append(",\"featureNames\":");
        strings(out, model.featureNames());
        out.append(",\"targetNames\":");
        strings(out, model.targetNames());
        out.append(",\"labels\":");
        strings(out, model.labels());
        out.append(",\"normalization\":");
        Standardizer s = model.standardizer();
        if (s == null) {
            out.append("null");
        } else {
            out.append("{\"mean\":");
            Json.writeNumbers(out, s.mean(), 0, s.mean().length);
            out.append(",\"std\":");
            Json.writeNumbers(out, s.std(), 0, s.std().length);
            out.append('}');
        }
        out.append(",\"layers\":[");
        List<Dense> layers = model.network().layers();
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"units\":").append(layer.units());
            out.append(",\"activation\":\"").append(layer.activation().name()).append('"');
            out.append(",\"bias\":").append(layer.spec().bias());
            out.append(",\"dropout\":");
            Json.writeNumber(out, layer.spec().dropout());
            out.append(",\"weights\":[");
            double[] w = layer.weights().value();
            for (int r = 0; r < layer.inputs(); r++) {
                if (r > 0) {
                    out.append(',');
                }
                Json.writeNumbers(out, w, r * layer.units(), (r + 1) * layer.units());
            }
            out.append("],\"biases\":");
            if (layer.spec().bias()) {
                Json.writeNumbers(out, layer.biases().value(), 0, layer.units());
            } else {
                out.append("null");
            }
            out.append('}');
        }
        out.append("]}");
        return out.toString();
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.writeString(out, values.get(i));
        }
        out.append(']');
    }

    /**
     * Reads a portable JSON document.
     *
     * @throws IllegalArgumentException naming the field at fault when the document is not a valid model
     */
    public static TrainedModel fromJson(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> doc)) {
            throw new IllegalArgumentException("a model document is a JSON object");
        }
        if (!FORMAT.equals(doc.get("format"))) {
            throw new IllegalArgumentException("format: expected \"" + FORMAT + "\"");
        }
        if (!(doc.get("version") instanceof Double v) || v != VERSION) {
            throw new IllegalArgumentException("version: expected " + VERSION);
        }
        Task task = enumValue(Task.class, doc.get("task"), "task");
        int inputs = positiveInt(doc.get("inputs"), "inputs");
        List<String> featureNames = stringList(doc.get("featureNames"), "featureNames");
        List<String> targetNames = stringList(doc.get("targetNames"), "targetNames");
        List<String> labels = doc.get("labels") == null ? List.of() : stringList(doc.get("labels"), "labels");
        Standardizer standardizer = null;
        if (doc.get("normalization") instanceof Map<?, ?> norm) {
            standardizer = new Standardizer(Json.doubles(norm.get("mean"), "normalization.mean"),
                    Json.doubles(norm.get("std"), "normalization.std"));
        } else if (doc.get("normalization") != null) {
            throw new IllegalArgumentException("normalization: expected an object with mean and std, or null");
        }
        if (!(doc.get("layers") instanceof List<?> layerList) || layerList.isEmpty()) {
            throw new IllegalArgumentException("layers: expected a non-empty array");
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layerList.size(); i++) {
            String field = "layers[" + i + "]";
            if (!(layerList.get(i) instanceof Map<?, ?> layer)) {
                throw new IllegalArgumentException(field + ": expected an object");
            }
            double dropout = layer.get("dropout") instanceof Double d ? d : 0.0;
            specs.add(new LayerSpec(positiveInt(layer.get("units"), field + ".units"),
                    enumValue(Activation.class, layer.get("activation"), field + ".activation"),
                    !(layer.get("bias") instanceof Boolean b) || b, dropout));
        }
        Network network = new Network(inputs, specs);
        for (int i = 0; i < specs.size(); i++) {
            Map<?, ?> layer = (Map<?, ?>) layerList.get(i);
            String field = "layers[" + i + "]";
            double[][] weights = Json.matrix(layer.get("weights"), field + ".weights");
            double[] biases = layer.get("biases") == null ? null : Json.doubles(layer.get("biases"), field + ".biases");
            if (specs.get(i).bias() && biases == null) {
                throw new IllegalArgumentException(field + ".biases: required when bias is true");
            }
            try {
                network.setLayer(i, weights, specs.get(i).bias() ? biases : null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }
        return new TrainedModel(task, network, standardizer, featureNames, targetNames, labels);
    }

    private static int positiveInt(Object value, String field) {
        if (!(value instanceof Double d) || d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": expected a positive integer");
        }
        return d.intValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Object value, String field) {
        if (value instanceof String s) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(s)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException(field + ": expected one of " + List.of(type.getEnumConstants()));
    }

    private static List<String> stringList(Object value, String field) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(field + ": expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new IllegalArgumentException(field + "[" + i + "]: expected a string");
            }
            out.add(s);
        }
        return out;
    }
}
