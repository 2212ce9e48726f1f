package dev.backprop.model;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import dev.backprop.dataset.DatasetColumns;
import dev.backprop.dataset.DatasetService;
import dev.backprop.dataset.RowBlock;
import dev.backprop.engine.Task;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.Charts;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.Text;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Models", description = "Trained models: list, inspect, export and import weights, point aliases at versions, delete")
class ModelController {

    private final ModelService service;
    private final EvaluationService evaluations;

    private final DatasetService datasets;

    ModelController(ModelService service, EvaluationService evaluations, DatasetService datasets) {
        this.service = service;
        this.evaluations = evaluations;
        this.datasets = datasets;
    }

    @RequiresRole(Role.READ)
    @GetMapping
    @Operation(operationId = "listModels", summary = "List models", description = "Newest first, paged; filter by name to see a model's versions.")
    PageResponse<ModelSummary> list(
            @Parameter(description = "only models with this name") @RequestParam(required = false) String name,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return service.list(name, page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getModel", summary = "Get a model",
            description = "Name and version, architecture, feature and target names, labels, the training request, seed, "
                    + "final metrics and the newest evaluation.")
    @ApiResponse(responseCode = "200", description = "The model")
    ModelSummary get(@PathVariable UUID id) {
        return service.get(id).withLatestEvaluation(evaluations.latest(id).orElse(null));
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(value = "/{id}/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evaluateModel", summary = "Evaluate a model on a dataset",
            description = "Scores the model on a stored dataset, e.g. a held-out split it never saw, and stores the figures. "
                    + "The dataset's feature (and, for regression, target) columns are matched to the model's by name, "
                    + "extra columns ignored; its class labels must be ones the model knows. Classification: accuracy, "
                    + "log loss, ROC AUC for two classes, per-class precision/recall/F1 and the confusion matrix; "
                    + "regression: MSE, MAE and R², per target too. Rows are read a block at a time, so any dataset "
                    + "the service holds can be scored.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = EvaluationRequest.class),
            examples = @ExampleObject(name = "held-out", value = """
                    {"datasetId": "8f235599-8097-41ca-9a6a-236a41a6a7ca"}""")))
    @ApiResponse(responseCode = "201", description = "Evaluated and stored; Location names the evaluation")
    @ApiResponse(responseCode = "400", description = "No such dataset, or its columns or labels do not match the model's; the detail names them")
    ResponseEntity<EvaluationResponse> evaluate(@PathVariable UUID id, @Valid @RequestBody EvaluationRequest request) {
        EvaluationResponse evaluation = evaluations.evaluate(id, request.datasetId());
        return ResponseEntity.created(URI.create("/api/v1/models/" + id + "/evaluations/" + evaluation.id()))
                .body(evaluation);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}/evaluations")
    @Operation(operationId = "listEvaluations", summary = "List a model's evaluations", description = "Newest first, paged.")
    PageResponse<EvaluationResponse> listEvaluations(@PathVariable UUID id,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return evaluations.list(id, page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}/evaluations/{evaluationId}")
    @Operation(operationId = "getEvaluation", summary = "Get one evaluation of a model",
            description = "The dataset it was scored on, its row count, the figures, when and by whom.")
    @ApiResponse(responseCode = "200", description = "The evaluation")
    EvaluationResponse evaluation(@PathVariable UUID id, @PathVariable UUID evaluationId) {
        return evaluations.get(id, evaluationId);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/weights", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "exportModel", summary = "Download a model's weights",
            description = "The portable JSON document (docs/model-format.md): architecture, weights, biases, normalization, labels. Numbers read back bit for bit; POST it to /api/v1/models to import it.")
    @ApiResponse(responseCode = "200", description = "The model document")
    ResponseEntity<ModelDocument> weights(@PathVariable UUID id) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + ".json").build().toString())
                .body(service.export(id));
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/onnx", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "exportModelOnnx", summary = "Export a model to ONNX",
            description = "The network as an ONNX graph (opset 13, and ai.onnx.ml 1) that ONNX Runtime and other tools"
                    + " run, output `output` [N, outputs] - the raw outputs /predict answers (class probabilities, or"
                    + " regression values). A model of number columns takes `input` [N, features], gaps as NaN filled"
                    + " in the graph (IsNaN, Where), then its standardization (Sub, Div). A model with category columns"
                    + " or missing indicators takes one input per column, named as the column, [N, 1]: numbers (NaN"
                    + " for a gap) and categories as strings (\"\" or NA for a gap), one-hot in the graph"
                    + " (OneHotEncoder). Each layer is MatMul, Add and its activation. Metadata: name, version, task,"
                    + " feature_names, target_names and labels (JSON arrays; labels in output order).")
    @ApiResponse(responseCode = "200", description = "The ONNX file",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<byte[]> onnx(@PathVariable UUID id,
            @Parameter(description = "the tensors' element type: FLOAT32 (default) or FLOAT64")
            @RequestParam(defaultValue = "FLOAT32") OnnxExport.Precision precision) {
        ModelService.OnnxFile file = service.onnx(id, precision);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.fileName()).build().toString())
                .body(file.bytes());
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/charts/confusion-matrix", produces = {MediaType.IMAGE_PNG_VALUE, "image/svg+xml"})
    @Operation(operationId = "getConfusionMatrixChart", summary = "A classifier's confusion matrix as an image",
            description = "Rows are true classes, columns predicted, each cell's count written in it; drawn on the server "
                    + "(XChart). From the validation split (the training split when there was none), the training split, "
                    + "or the newest evaluation. PNG or SVG, 200 to 2000 pixels each way.")
    @ApiResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string"))})
    ResponseEntity<byte[]> confusionMatrix(@PathVariable UUID id,
            @Parameter(description = "VALIDATION (default), TRAIN or EVALUATION (the newest)")
            @RequestParam(defaultValue = "VALIDATION") ModelCharts.Split split,
            @Parameter(description = "PNG (default) or SVG") @RequestParam(defaultValue = "PNG") Charts.Format format,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "600")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int width,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "500")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int height) {
        ModelSummary model = service.get(id);
        if (model.task() != Task.CLASSIFICATION) {
            throw new InvalidRequestException("id", "model " + id + " is a regression: it has no confusion matrix");
        }
        long[][] confusion;
        String source;
        if (split == ModelCharts.Split.EVALUATION) {
            EvaluationResponse evaluation = evaluations.latest(id).orElseThrow(() -> new InvalidRequestException("split",
                    "model " + id + " has no evaluation yet: POST /api/v1/models/" + id + "/evaluations first"));
            confusion = evaluation.metrics().confusion();
            source = "evaluation on " + evaluation.datasetName();
        } else {
            SplitMetrics metrics = split == ModelCharts.Split.VALIDATION && model.validationMetrics() != null
                    ? model.validationMetrics() : model.trainMetrics();
            if (metrics == null) {
                throw new InvalidRequestException("split", "model " + id + " was imported, so it has no training figures;"
                        + " evaluate it and ask for split=EVALUATION");
            }
            confusion = metrics.confusion();
            source = metrics == model.validationMetrics() ? "validation split" : "training split";
        }
        return Charts.response(ModelCharts.confusion(model, confusion, source, width, height), format);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/charts/decision-boundary", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getModelDecisionBoundary", summary = "A model's decision boundary over two features as an image",
            description = "The model's answer on a grid over features x and y (their mean plus and minus three standard "
                    + "deviations, from the model's standardization; -3 to 3 without one), every other feature held at its "
                    + "mean: a colour per predicted class, or per band of the first target for a regression; with "
                    + "`dataset`, its first 1000 points drawn over it. PNG, 200 to 2000 pixels each way, up to 300 grid "
                    + "points per axis.")
    @ApiResponse(responseCode = "200", description = "The chart",
            content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<byte[]> decisionBoundary(@PathVariable UUID id,
            @Parameter(description = "the feature along the horizontal axis", required = true) @RequestParam String x,
            @Parameter(description = "the feature along the vertical axis", required = true) @RequestParam String y,
            @Parameter(description = "grid points per axis, 10 to 300") @RequestParam(defaultValue = "120")
            @Min(10) @Max(ModelCharts.MAX_RESOLUTION) int resolution,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "700")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int width,
            @Parameter(description = "pixels, 200 to 2000") @RequestParam(defaultValue = "560")
            @Min(Charts.MIN_SIZE) @Max(Charts.MAX_SIZE) int height,
            @Parameter(description = "a dataset whose points (the first 1000) to draw over the boundary")
            @RequestParam(required = false) UUID dataset) {
        ModelSummary summary = service.get(id);
        DatasetColumns columns = null;
        RowBlock points = null;
        if (dataset != null) {
            columns = datasets.columns(dataset)
                    .orElseThrow(() -> new InvalidRequestException("dataset", "no dataset has id " + dataset));
            points = datasets.head(dataset, 1000);
        }
        return Charts.response(ModelCharts.boundary(summary.name() + " v" + summary.version(), service.load(id), x, y,
                resolution, width, height, columns, points), Charts.Format.PNG);
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "importModel", summary = "Import a model",
            description = "Stores a model from a portable JSON document, e.g. one trained elsewhere, as the next version of `name`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ModelDocument.class),
            examples = @ExampleObject(name = "and", summary = "One sigmoid neuron computing AND", value = """
                    {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
                     "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["0", "1"],
                     "normalization": {"mean": [0.5, 0.5], "std": [0.5, 0.5]},
                     "layers": [{"units": 1, "activation": "SIGMOID", "bias": true, "dropout": 0.0,
                                 "weights": [[10.0], [10.0]], "biases": [-15.0]}]}""")))
    @ApiResponse(responseCode = "201", description = "Imported; Location names the model")
    @ApiResponse(responseCode = "400", description = "Not a valid model document; the detail names the field")
    ResponseEntity<ModelSummary> importModel(
            @Parameter(description = "name to store it under; default \"imported\"", example = "and-gate")
            @RequestParam(required = false) @Size(max = 200)
            @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) String name,
            @RequestBody ModelDocument document) {
        if (name != null && name.isBlank()) {
            throw new InvalidRequestException("name", "must not be blank; leave it out to store the model as \"imported\"");
        }
        ModelSummary summary = service.importDocument(name == null ? "imported" : name, document);
        return ResponseEntity.created(URI.create("/api/v1/models/" + summary.id())).body(summary);
    }

    @RequiresRole(Role.ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteModel", summary = "Delete a model",
            description = "Removes the model; its training job keeps its history. A version an alias names is kept"
                    + " until the alias is moved or deleted.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "An alias names this version; the detail says which")
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }
}
