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
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.ConflictingRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained model as an ONNX graph (opset 13): input {@code input} [N, features], the
 * standardization as Sub and Div, each dense layer as MatMul and Add and its activation, output
 * {@code output} [N, outputs]: the same figures /predict answers. Class labels, feature and target
 * names go into the model's metadata. Built with the protobuf classes generated from onnx.proto.
 */
final class OnnxExport {

    static final int OPSET = 13;
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
        if (!model.inputs().numeric()) {
            throw new ConflictingRequestException("The model takes category columns or a missing-value indicator "
                    + model.featureNames() + "; its ONNX export is not available yet (predict through the API, or"
                    + " export its document from /weights)");
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName(name);
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
        List<Dense> layers = model.network().layers();
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            String w = "dense" + i + "_weights";
            graph.addInitializer(tensor(w, precision, layer.weights().value(), layer.inputs(), layer.units()));
            graph.addNode(node("MatMul", "dense" + i + "_matmul", List.of(x, w), "dense" + i + "_product"));
            x = "dense" + i + "_product";
            if (layer.spec().bias()) {
                String b = "dense" + i + "_biases";
                graph.addInitializer(tensor(b, precision, layer.biases().value(), layer.units()));
                graph.addNode(node("Add", "dense" + i + "_add", List.of(x, b), "dense" + i + "_sum"));
                x = "dense" + i + "_sum";
            }
            x = activation(graph, layer.spec().activation(), x, "dense" + i, precision);
        }
        graph.addNode(node("Identity", "output", List.of(x), "output"));
        graph.addOutput(valueInfo("output", precision, model.network().outputs()));

        ModelProto.Builder onnx = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
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
        return onnx.build().toByteArray();
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
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(precision.elementType).setShape(shape)))
                .build();
    }

    private static void metadata(ModelProto.Builder onnx, String key, String value) {
        onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }
}
