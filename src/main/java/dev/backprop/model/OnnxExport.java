package dev.backprop.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Dense;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.Layer;
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.ConflictingRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained model as an ONNX graph (opset 13, and ai.onnx.ml 1 for OneHotEncoder): for a model of
 * number columns the input {@code input} [N, features] with gaps filled (IsNaN, Where) and the
 * standardization as Sub and Div; for a model with categories or missing indicators one input per raw
 * column (strings for categories) made into the network's inputs as /predict makes them. Then each
 * dense layer as MatMul and Add and its activation, output {@code output} [N, outputs]: the same figures
 * /predict answers. Class labels, feature and target
 * names go into the model's metadata. Built with the protobuf classes generated from onnx.proto.
 */
final class OnnxExport {

    static final int OPSET = 13;
    /** The domain of the classical machine-learning operators (OneHotEncoder). */
    static final String ML = "ai.onnx.ml";
    /** Names of the graph's own tensors start so: a column may not. */
    private static final String INTERNAL = "backprop/";
    /** The IR version that goes with opset 13. */
    static final int IR_VERSION = 7;

    /** The element type of the graph's tensors. */
    enum Precision {
        FLOAT32(TensorProto.DataType.FLOAT_VALUE),
        FLOAT64(TensorProto.DataType.DOUBLE_VALUE);

        final int elementType;

        Precision(int elementType) {
            this.elementType = elementType;
        }
    }

    private OnnxExport() {
    }

    static byte[] toBytes(TrainedModel model, String name, int version, Precision precision, JsonMapper json) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(name);
        String x;
        if (model.inputs().numeric()) {
            x = numbers(graph, model, precision);
        } else {
            x = columns(graph, model.inputs(), precision);
        }
        List<Layer> layers = model.network().layers();
        for (int i = 0; i < layers.size(); i++) {
            x = switch (layers.get(i)) {
                case Dense dense -> dense(graph, dense, i, x, precision);
            };
        }
        graph.addNode(node("Identity", "output", List.of(x), "output"));
        graph.addOutput(valueInfo("output", precision, model.network().outputs()));

        ModelProto.Builder onnx = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML).setVersion(1))
                .setProducerName("backprop-service")
                .setDomain("dev.backprop")
                .setModelVersion(version)
                .setDocString("A " + model.task().name().toLowerCase() + " network trained by backprop-service: "
                        + name + " version " + version)
                .setGraph(graph);
        metadata(onnx, "name", name);
        metadata(onnx, "version", Integer.toString(version));
        metadata(onnx, "task", model.task().name());
        metadata(onnx, "feature_names", json.writeValueAsString(model.featureNames()));
        metadata(onnx, "target_names", json.writeValueAsString(model.targetNames()));
        metadata(onnx, "labels", json.writeValueAsString(model.labels()));
        if (!model.inputs().numeric()) {
            metadata(onnx, "inputs", "one per column, named as the column, [N, 1]: numbers (NaN for a missing value),"
                    + " categories as strings (\"\" for a missing value)");
        }
        return onnx.build().toByteArray();
    }

    /** The input {@code input} [N, columns] of a model whose columns are numbers: gaps filled, then standardized. */
    private static String numbers(GraphProto.Builder graph, TrainedModel model, Precision precision) {
        int inputs = model.network().inputs();
        graph.addInput(valueInfo("input", precision, inputs));
        String x = "input";
        double[] fills = fills(model.inputs());
        if (fills != null) {
            // a missing value (NaN) takes the fill the model learnt, as /predict does
            graph.addInitializer(tensor("fill", precision, fills, inputs));
            graph.addNode(node("IsNaN", "impute_isnan", List.of(x), "missing"));
            graph.addNode(node("Where", "impute_where", List.of("missing", "fill", x), "imputed"));
            x = "imputed";
        }
        Standardizer standardizer = model.standardizer();
        if (standardizer != null) {
            graph.addInitializer(tensor("mean", precision, standardizer.mean(), inputs));
            graph.addInitializer(tensor("std", precision, standardizer.std(), inputs));
            graph.addNode(node("Sub", "standardize_sub", List.of(x, "mean"), "centered"));
            graph.addNode(node("Div", "standardize_div", List.of("centered", "std"), "standardized"));
            x = "standardized";
        }
        return x;
    }

    /**
     * One input per raw column, named as the column, [N, 1]: numbers in the graph's precision (NaN for a
     * gap), categories as strings ("" for a gap). Each becomes its inputs as /predict makes them - a
     * number filled, scaled and joined by its indicator; a category one-hot over its levels (an unseen
     * one sets none), a gap its own input or its fill level - and the pieces are joined side by side.
     */
    private static String columns(GraphProto.Builder graph, Inputs inputs, Precision precision) {
        List<String> pieces = new ArrayList<>();
        for (int j = 0; j < inputs.columns().size(); j++) {
            Inputs.Column column = inputs.columns().get(j);
            String in = column.name();
            String p = INTERNAL + j + "_";
            if (in.startsWith(INTERNAL) || in.equals("output") || in.matches("dense\\d+_.*")) {
                throw new ConflictingRequestException("column '" + in + "' has a name the ONNX graph uses itself");
            }
            switch (column) {
                case Inputs.Number n -> {
                    graph.addInput(valueInfo(in, precision, 1));
                    graph.addNode(node("IsNaN", p + "isnan", List.of(in), p + "missing"));
                    String value = in;
                    if (n.imputes()) {
                        graph.addInitializer(tensor(p + "fill", precision, new double[] {n.fill()}));
                        graph.addNode(node("Where", p + "impute", List.of(p + "missing", p + "fill", in), p + "filled"));
                        value = p + "filled";
                    }
                    if (inputs.standardized()) {
                        graph.addInitializer(tensor(p + "mean", precision, new double[] {n.mean()}));
                        graph.addInitializer(tensor(p + "std", precision, new double[] {n.std()}));
                        graph.addNode(node("Sub", p + "sub", List.of(value, p + "mean"), p + "centered"));
                        graph.addNode(node("Div", p + "div", List.of(p + "centered", p + "std"), p + "scaled"));
                        value = p + "scaled";
                    }
                    pieces.add(value);
                    if (n.indicator()) {
                        graph.addNode(node("Cast", p + "indicator", List.of(p + "missing"), p + "indicator").toBuilder()
                                .addAttribute(AttributeProto.newBuilder().setName("to")
                                        .setType(AttributeProto.AttributeType.INT).setI(precision.elementType))
                                .build());
                        pieces.add(p + "indicator");
                    }
                }
                case Inputs.Category c -> {
                    graph.addInput(ValueInfoProto.newBuilder().setName(in)
                            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                                    .setElemType(TensorProto.DataType.STRING_VALUE).setShape(shape(1)))).build());
                    int levels = c.levels().size();
                    int width = c.width();
                    boolean gapColumn = c.missingInput() || c.fillLevel() >= 0;
                    List<String> cats = new ArrayList<>(c.levels());
                    int gaps = 0;
                    if (gapColumn) {
                        // a gap - "" or a marker the model does not know as a level - is its own input or its fill level's
                        for (String marker : gapTexts(c)) {
                            cats.add(marker);
                            gaps++;
                        }
                    }
                    NodeProto.Builder onehot = node("OneHotEncoder", p + "onehot", List.of(in), p + "onehot").toBuilder()
                            .setDomain(ML)
                            .addAttribute(AttributeProto.newBuilder().setName("cats_strings")
                                    .setType(AttributeProto.AttributeType.STRINGS)
                                    .addAllStrings(cats.stream().map(ByteString::copyFromUtf8).toList()))
                            .addAttribute(AttributeProto.newBuilder().setName("zeros")
                                    .setType(AttributeProto.AttributeType.INT).setI(1));
                    graph.addNode(onehot.build());
                    graph.addInitializer(TensorProto.newBuilder().setName(p + "shape")
                            .setDataType(TensorProto.DataType.INT64_VALUE).addDims(2)
                            .addInt64Data(-1).addInt64Data(cats.size()).build());
                    graph.addNode(node("Reshape", p + "reshape", List.of(p + "onehot", p + "shape"), p + "flat"));
                    String value = p + "flat";
                    if (precision == Precision.FLOAT64) {
                        graph.addNode(node("Cast", p + "cast", List.of(value), p + "double").toBuilder()
                                .addAttribute(AttributeProto.newBuilder().setName("to")
                                        .setType(AttributeProto.AttributeType.INT).setI(precision.elementType))
                                .build());
                        value = p + "double";
                    }
                    if (c.fillLevel() >= 0 || c.rare() > 0 || gaps > 1) {
                        // each one-hot input to the column's: a kept level's own, the rare levels' shared one,
                        // a gap's own or its fill level's
                        double[] fold = new double[cats.size() * width];
                        for (int k = 0; k < levels; k++) {
                            fold[k * width + c.input(k)] = 1;
                        }
                        for (int g = 0; g < gaps; g++) {
                            fold[(levels + g) * width + (c.missingInput() ? width - 1 : c.fillLevel())] = 1;
                        }
                        graph.addInitializer(tensor(p + "fold", precision, fold, cats.size(), width));
                        graph.addNode(node("MatMul", p + "folded", List.of(value, p + "fold"), p + "folded"));
                        value = p + "folded";
                    }
                    pieces.add(value);
                }
            }
        }
        graph.addNode(node("Concat", INTERNAL + "concat", pieces, INTERNAL + "joined").toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1))
                .build());
        return INTERNAL + "joined";
    }

    /** The texts that mean a gap in a category input: "" and the markers the model does not have as levels. */
    private static List<String> gapTexts(Inputs.Category c) {
        List<String> texts = new ArrayList<>();
        texts.add("");
        Inputs.MISSING_MARKERS.stream().sorted().filter(m -> !c.levels().contains(m)).forEach(texts::add);
        return texts;
    }

        /** Each number column's fill, or null when the model fills none (it predates imputation). */
    private static double[] fills(Inputs inputs) {
        double[] fills = new double[inputs.columns().size()];
        for (int j = 0; j < fills.length; j++) {
            Inputs.Number n = (Inputs.Number) inputs.columns().get(j);
            if (!n.imputes()) {
                return null;
            }
            fills[j] = n.fill();
        }
        return fills;
    }

    /** A dense layer as MatMul, Add (with a bias) and its activation; returns the name of its output. */
    private static String dense(GraphProto.Builder graph, Dense layer, int i, String x, Precision precision) {
        String w = "dense" + i + "_weights";
        graph.addInitializer(tensor(w, precision, layer.weights().value(), layer.inputs(), layer.units()));
        graph.addNode(node("MatMul", "dense" + i + "_matmul", List.of(x, w), "dense" + i + "_product"));
        String out = "dense" + i + "_product";
        if (layer.spec().bias()) {
            String b = "dense" + i + "_biases";
            graph.addInitializer(tensor(b, precision, layer.biases().value(), layer.units()));
            graph.addNode(node("Add", "dense" + i + "_add", List.of(out, b), "dense" + i + "_sum"));
            out = "dense" + i + "_sum";
        }
        return activation(graph, layer.spec().activation(), out, "dense" + i, precision);
    }

    /** The activation's nodes after {@code x}; returns the name of their output. */
    private static String activation(GraphProto.Builder graph, Activation activation, String x, String layer,
            Precision precision) {
        String out = layer + "_" + activation.name().toLowerCase();
        switch (activation) {
            case IDENTITY -> {
                return x;
            }
            case SIGMOID -> graph.addNode(node("Sigmoid", out, List.of(x), out));
            case TANH -> graph.addNode(node("Tanh", out, List.of(x), out));
            case RELU -> graph.addNode(node("Relu", out, List.of(x), out));
            case LEAKY_RELU -> {
                // max(z, slope z) is z > 0 ? z : slope z for every z, in every element type
                String slope = layer + "_slope";
                graph.addInitializer(tensor(slope, precision, new double[] {Activation.LEAKY_SLOPE}));
                graph.addNode(node("Mul", layer + "_leak", List.of(x, slope), layer + "_leaked"));
                graph.addNode(node("Max", out, List.of(x, layer + "_leaked"), out));
            }
            case SOFTMAX -> graph.addNode(node("Softmax", out, List.of(x), out).toBuilder()
                    .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                            .setI(-1))
                    .build());
        }
        return out;
    }

    private static NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    /** A tensor of the given shape (row-major values); a scalar when no dimension is given. */
    private static TensorProto tensor(String name, Precision precision, double[] values, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int n = (int) count;
        ByteBuffer raw = ByteBuffer.allocate(n * (precision == Precision.FLOAT32 ? Float.BYTES : Double.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (precision == Precision.FLOAT32) {
                raw.putFloat((float) values[i]);
            } else {
                raw.putDouble(values[i]);
            }
        }
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(precision.elementType)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : shape) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** [N, width]: any number of rows of {@code width} values. */
    private static ValueInfoProto valueInfo(String name, Precision precision, int width) {
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(precision.elementType).setShape(shape(width))))
                .build();
    }

    private static TensorShapeProto shape(int width) {
        return TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
    }

    private static void metadata(ModelProto.Builder onnx, String key, String value) {
        onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }
}
