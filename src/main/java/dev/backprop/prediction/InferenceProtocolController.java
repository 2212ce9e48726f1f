package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import dev.backprop.model.ModelSummary;
import dev.backprop.security.OpenToAll;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Open Inference Protocol v2 (KServe) REST surface, so clients that speak it call this service
 * unchanged: health, model metadata and readiness, and infer with FP64 or FP32 tensors. Models are
 * addressed by name; without a version, the latest. Errors are the protocol's {"error": "..."}.
 */
@RequiresRole(Role.PREDICT)
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Open Inference Protocol v2", description = "KServe's v2 REST protocol: health, metadata, infer")
class InferenceProtocolController {

    private static final String TWO_ROWS = """
            {"id": "42", "inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP64", "data": [0.5, 0.25, 1.5, -0.4]}]}""";
    private static final String BY_COLUMN = """
            {"inputs": [{"name": "island", "shape": [2], "datatype": "BYTES", "data": ["Dream", null]},
                        {"name": "bill_length_mm", "shape": [2], "datatype": "FP64", "data": [39.1, 52.0]}]}""";

    private final PredictionService predictions;
    private final ModelService models;

    InferenceProtocolController(PredictionService predictions, ModelService models) {
        this.predictions = predictions;
        this.models = models;
    }

    @Schema(name = "MetadataTensor", description = "An input or output tensor a model takes or gives")
    record Tensor(String name, String datatype, List<Long> shape) {
    }


    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metadata(String name, List<String> versions, String platform, List<Tensor> inputs, List<Tensor> outputs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutputTensor(String name, String datatype, List<Long> shape, Object data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferResponse(String model_name, String model_version, String id, List<OutputTensor> outputs) {
    }

    @OpenToAll
    @GetMapping("/v2/health/live")
    @Operation(operationId = "serverLive", summary = "Server liveness (OIP v2)", description = "200 {\"live\": true} while the server runs.")
    Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @OpenToAll
    @GetMapping("/v2/health/ready")
    @Operation(operationId = "serverReady", summary = "Server readiness (OIP v2)", description = "200 {\"ready\": true} once the server takes requests.")
    Map<String, Boolean> ready() {
        return Map.of("ready", true);
    }

    @GetMapping("/v2/models/{name}")
    @Operation(operationId = "modelMetadata", summary = "Model metadata (OIP v2)",
            description = "The latest version's name, every version, platform, and the input and output tensors with"
                    + " datatype and shape (-1: any batch size).")
    Metadata metadata(@PathVariable String name) {
        return metadata(name, null);
    }

    @GetMapping("/v2/models/{name}/versions/{version}")
    @Operation(operationId = "modelVersionMetadata", summary = "A model version's metadata (OIP v2)",
            description = "As the model's metadata, for one version: a number, or an alias (`champion`) for the version"
                    + " it names now.")
    Metadata versionMetadata(@PathVariable String name, @PathVariable String version) {
        return metadata(name, version);
    }

    private Metadata metadata(String name, String version) {
        ModelSummary model = models.get(resolve(name, version).id());
        List<Tensor> outputs = new ArrayList<>();
        int width = model.layers().getLast().units();
        outputs.add(new Tensor("output", "FP64", List.of(-1L, (long) width)));
        if (model.task() == Task.CLASSIFICATION) {
            outputs.add(new Tensor("label", "BYTES", List.of(-1L)));
        }
        List<String> versions = version != null ? List.of(Integer.toString(model.version()))
                : models.versions(name).stream().map(String::valueOf).toList();
        List<Tensor> inputs = model.columns() == null || model.columns().stream().allMatch(c -> c.kind().equals("NUMBER")
                && !Boolean.TRUE.equals(c.missingIndicator()))
                ? List.of(new Tensor("input", "FP64", List.of(-1L, (long) model.featureNames().size())))
                : model.columns().stream().map(c -> new Tensor(c.name(), c.kind().equals("CATEGORY") ? "BYTES" : "FP64",
                        List.of(-1L, 1L))).toList();
        return new Metadata(name, versions, "backprop", inputs, outputs);
    }

    @GetMapping("/v2/models/{name}/ready")
    @Operation(operationId = "modelReady", summary = "Model readiness (OIP v2)",
            description = "200 {\"name\": ..., \"ready\": true} when the model exists; 404 otherwise.")
    Map<String, Object> modelReady(@PathVariable String name) {
        return modelReady(name, null);
    }

    @GetMapping("/v2/models/{name}/versions/{version}/ready")
    @Operation(operationId = "modelVersionReady", summary = "A model version's readiness (OIP v2)",
            description = "200 {\"name\": ..., \"ready\": true} when the version (a number, or an alias for the version it"
                    + " names now) exists; 404 otherwise.")
    Map<String, Object> versionReady(@PathVariable String name, @PathVariable String version) {
        return modelReady(name, version);
    }

    private Map<String, Object> modelReady(String name, String version) {
        predictions.model(resolve(name, version).id());
        return Map.of("name", name, "ready", true);
    }

    @PostMapping(value = "/v2/models/{name}/infer",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "modelInfer", summary = "Infer with a model's latest version (OIP v2)",
            description = "One input tensor `input` of shape [rows, features], datatype FP64 or FP32, data flat in row-major"
                    + " order (or nested), for a model of number columns; or one tensor per column, named as the column,"
                    + " shape [rows] or [rows, 1], BYTES for a category and FP64 or FP32 for a number, null in data for a"
                    + " missing value (what the model's metadata lists). Answers the tensor `output` (FP64, [rows,"
                    + " outputs]) and, for classification, `label` (BYTES, [rows]).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = InferenceRequest.class),
            examples = {@ExampleObject(name = "two rows", value = TWO_ROWS), @ExampleObject(name = "by column", value = BY_COLUMN)}))
    InferResponse infer(@PathVariable String name, @RequestBody InferenceRequest request) {
        return infer(name, null, request);
    }

    @PostMapping(value = "/v2/models/{name}/versions/{version}/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "modelVersionInfer", summary = "Infer with one version of a model (OIP v2)",
            description = "As infer, with the version named: a number, or an alias (`champion`) for the version it"
                    + " names now; `model_version` in the answer is the number.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = InferenceRequest.class),
            examples = {@ExampleObject(name = "two rows", value = TWO_ROWS), @ExampleObject(name = "by column", value = BY_COLUMN)}))
    InferResponse versionInfer(@PathVariable String name, @PathVariable String version,
            @RequestBody InferenceRequest request) {
        return infer(name, version, request);
    }

    private InferResponse infer(String name, String version, InferenceRequest request) {
        ModelService.ModelRef ref = resolve(name, version);
        ModelCache.Entry entry = predictions.entry(ref.id());
        TrainedModel model = entry.model();
        if (request.inputs() == null || request.inputs().isEmpty() || request.inputs().contains(null)) {
            throw new ProtocolException("'inputs' must hold one tensor named input, or one per column "
                    + model.featureNames());
        }
        String first = request.inputs().getFirst().name();
        if (request.inputs().size() > 1 || !model.inputs().numeric()
                || (!"input".equals(first) && model.featureNames().contains(first))) {
            return inferByColumn(name, ref, entry, request);
        }
        InferenceRequest.Tensor tensor = request.inputs().getFirst();
        if (tensor.datatype() == null) {
            throw new ProtocolException("input 'datatype' is required");
        }
        boolean fp32 = "FP32".equals(tensor.datatype());
        if (!fp32 && !"FP64".equals(tensor.datatype())) {
            throw new ProtocolException("input datatype " + tensor.datatype() + " is not supported; send FP64 or FP32");
        }
        long[] shape = tensor.shape();
        if (shape == null || shape.length != 2) {
            throw new ProtocolException("input shape must be [rows, features]");
        }
        if (shape[0] < 1 || shape[1] < 1) {
            throw new ProtocolException("input shape must have at least one row and one feature");
        }
        if (tensor.data() == null || tensor.data().numbers() == null) {
            throw new ProtocolException("input data must be an array of numbers" + (tensor.data() == null ? ""
                    : "; value " + firstNonNumber(tensor.data().texts()) + " is not one"));
        }
        double[] data = tensor.data().numbers();
        // the shape is checked against the data sent, never used to allocate
        if (shape[0] > data.length || shape[1] > data.length || shape[0] * shape[1] != data.length) {
            throw new ProtocolException("input data holds " + data.length + " values; shape "
                    + Arrays.toString(shape) + " needs " + (Math.multiplyHigh(shape[0], shape[1]) != 0
                            ? "more than 2^63" : Long.toUnsignedString(shape[0] * shape[1])));
        }
        int rows = (int) shape[0];
        int width = (int) shape[1];
        for (int i = 0; i < data.length; i++) {
            double v = fp32 ? (float) data[i] : data[i];
            if (!Double.isFinite(v)) {
                throw new ProtocolException("input data[" + i + "] is not a finite " + tensor.datatype() + " number");
            }
            data[i] = v;
        }
        Matrix outputs;
        try {
            outputs = predictions.outputs(entry, data, rows, width, "input");
        } catch (InvalidRequestException e) {
            throw new ProtocolException(e.violations().getFirst().field() + ": " + e.violations().getFirst().message());
        }
        List<PredictionService.Prediction> rowsOut = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            rowsOut.add(PredictionService.prediction(model, outputs, r));
        }
        return response(name, ref, request, model, rowsOut);
    }

    private static InferResponse response(String name, ModelService.ModelRef ref, InferenceRequest request,
            TrainedModel model, List<PredictionService.Prediction> predictions) {
        int rows = predictions.size();
        int width = predictions.getFirst().outputs().length;
        double[] flat = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(predictions.get(r).outputs(), 0, flat, r * width, width);
        }
        List<OutputTensor> out = new ArrayList<>();
        out.add(new OutputTensor("output", "FP64", List.of((long) rows, (long) width), flat));
        if (model.task() == Task.CLASSIFICATION) {
            out.add(new OutputTensor("label", "BYTES", List.of((long) rows),
                    predictions.stream().map(PredictionService.Prediction::label).toList()));
        }
        return new InferResponse(name, Integer.toString(ref.version()), request.id(), out);
    }

    private static int firstNonNumber(String[] texts) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] == null || Double.isNaN(parse(texts[i]))) {
                return i;
            }
        }
        return 0;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * One tensor per column, named as the column, [rows] or [rows, 1]: BYTES for a category, FP64 or FP32
     * for a number; null in the data is a missing value. Rows are predicted as /predict takes them by name.
     */
    private InferResponse inferByColumn(String name, ModelService.ModelRef ref, ModelCache.Entry entry,
            InferenceRequest request) {
        TrainedModel model = entry.model();
        Map<String, InferenceRequest.Tensor> tensors = new LinkedHashMap<>();
        for (InferenceRequest.Tensor tensor : request.inputs()) {
            if (tensor.name() == null || !model.featureNames().contains(tensor.name())) {
                throw new ProtocolException("input '" + tensor.name() + "' is not a column of the model; it takes one"
                        + " tensor per column " + model.featureNames()
                        + (model.inputs().numeric() ? ", or one named input" : ""));
            }
            if (tensors.put(tensor.name(), tensor) != null) {
                throw new ProtocolException("input '" + tensor.name() + "' is given twice");
            }
        }
        long rows = -1;
        for (Inputs.Column column : model.inputs().columns()) {
            InferenceRequest.Tensor tensor = tensors.get(column.name());
            if (tensor == null) {
                throw new ProtocolException("input '" + column.name() + "' is missing; the model takes one tensor per"
                        + " column " + model.featureNames());
            }
            boolean category = column instanceof Inputs.Category;
            String expected = category ? "BYTES" : "FP64 or FP32";
            if (tensor.datatype() == null || (category ? !tensor.datatype().equals("BYTES")
                    : !tensor.datatype().equals("FP64") && !tensor.datatype().equals("FP32"))) {
                throw new ProtocolException("input '" + column.name() + "' datatype must be " + expected);
            }
            long[] shape = tensor.shape();
            if (shape == null || shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)
                    || shape[0] < 1) {
                throw new ProtocolException("input '" + column.name() + "' shape must be [rows] or [rows, 1]");
            }
            if (tensor.data() == null || tensor.data().size() != shape[0]) {
                throw new ProtocolException("input '" + column.name() + "' data must hold " + shape[0] + " values");
            }
            if (rows >= 0 && shape[0] != rows) {
                throw new ProtocolException("input '" + column.name() + "' has " + shape[0] + " rows; the others have "
                        + rows);
            }
            rows = shape[0];
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode table = nodes.arrayNode();
        for (int r = 0; r < rows; r++) {
            ObjectNode row = table.addObject();
            for (Inputs.Column column : model.inputs().columns()) {
                InferenceRequest.Values values = tensors.get(column.name()).data();
                if (values.numbers() != null) {
                    double v = values.numbers()[r];
                    boolean fp32 = "FP32".equals(tensors.get(column.name()).datatype());
                    row.put(column.name(), fp32 ? (float) v : v);
                } else if (values.texts()[r] == null) {
                    row.putNull(column.name());
                } else {
                    row.put(column.name(), values.texts()[r]);
                }
            }
        }
        try {
            return response(name, ref, request, model, predictions.predict(ref.id(), table, "inputs", false));
        } catch (InvalidRequestException e) {
            throw new ProtocolException(e.violations().getFirst().field() + ": " + e.violations().getFirst().message());
        }
    }

    private ModelService.ModelRef resolve(String name, String version) {
        try {
            return predictions.resolve(name, version == null ? "latest" : version);
        } catch (NotFoundException e) {
            throw new ProtocolException("model '" + name + "'" + (version == null ? "" : " version " + version)
                    + " not found", 404);
        }
    }
}
