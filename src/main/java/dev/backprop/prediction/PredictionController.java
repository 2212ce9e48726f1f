package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.model.ModelService;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RequiresRole(Role.PREDICT)
@RestController
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Predictions", description = "Predict with a stored model, by id, by name and version, or by alias")
class PredictionController {

    private final PredictionService service;

    PredictionController(PredictionService service) {
        this.service = service;
    }

    /** Rows to predict: {@code inputs}, or TensorFlow Serving's {@code instances}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PredictRequest(
            @Schema(implementation = Object[].class, example = "[[0.5, 0.25]]",
                    description = "one row per entry, raw as in the dataset: an array of values in the model's column"
                            + " order, or an object by column name (a column left out is missing). Numbers, text for"
                            + " categories, null for a missing value")
            JsonNode inputs,
            @Schema(implementation = Object[].class, description = "the same, under TensorFlow Serving's name")
            JsonNode instances,
            @Schema(description = "refuse rows with a missing value or a category the model never saw, instead of"
                    + " answering them (default false)") Boolean strict) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PredictResponse(UUID modelId, List<PredictionService.Prediction> predictions) {
    }

    private static final String DESCRIPTION = """
            Applies the model's stored preprocessing (gaps filled, categories one-hot, numbers standardized, \
            as learnt from its training split) and its network to each row. Rows come as the dataset had \
            them: arrays in the model's column order, or objects by column name; null or a left-out column \
            is missing. Classification: per row the outputs, the predicted label (the original label name) \
            and the probability of each class; regression: the outputs and the value of each target by name. \
            A row whose gap the model filled lists the column in `imputed`; a category the model never saw \
            sets none of its inputs and is listed in `unknownCategories` (with `strict`, both are refused). \
            A row of the wrong width, an unknown column name, text in a number column, an empty batch or \
            more rows than backprop.prediction.max-rows (1000) are refused with the row and column at fault.""";

    @PostMapping(value = "/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predict", summary = "Predict with a model by id", description = DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PredictRequest.class),
            examples = {@ExampleObject(name = "inputs", value = "{\"inputs\": [[0.5, 0.25], [1.5, -0.4]]}"),
                    @ExampleObject(name = "instances", value = "{\"instances\": [[0.5, 0.25]]}"),
                    @ExampleObject(name = "by name", value = "{\"instances\": [{\"island\": \"Torgersen\","
                            + " \"bill_length_mm\": 39.1, \"sex\": null}]}")}))
    @ApiResponse(responseCode = "200", description = "One prediction per row, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PredictResponse.class),
                    examples = @ExampleObject(name = "classification", value = """
                            {"modelId": "a7882581-83a5-4738-b8e2-9920ada0e042",
                             "predictions": [{"outputs": [0.9316, 0.0684], "label": "0",
                                              "probabilities": {"0": 0.9316, "1": 0.0684}}]}""")))
    @ApiResponse(responseCode = "400", description = "A row does not fit the model; errors name row and column")
    @ApiResponse(responseCode = "413", description = "More rows than allowed")
    PredictResponse predict(@PathVariable UUID id, @RequestBody PredictRequest request) {
        return predictRows(id, request);
    }

    @PostMapping(value = "/{name}/versions/{version}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predictByVersion", summary = "Predict with a model by name and version",
            description = "As predict by id; `version` is a number, `latest` or an alias. " + DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PredictRequest.class),
            examples = @ExampleObject(name = "inputs", value = "{\"inputs\": [[0.5, 0.25]]}")))
    @ApiResponse(responseCode = "200", description = "One prediction per row, in order")
    PredictResponse predictByName(@PathVariable String name, @PathVariable String version,
            @RequestBody PredictRequest request) {
        return predictRows(service.resolve(name, version).id(), request);
    }

    @PostMapping(value = "/{name}/aliases/{alias}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predictByAlias", summary = "Predict with the model version an alias names",
            description = "As predict by id, with the version the alias (`champion`, `staging`) names now; a moved alias"
                    + " answers with its new version within about a second, on every instance. " + DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PredictRequest.class),
            examples = @ExampleObject(name = "inputs", value = "{\"inputs\": [[0.5, 0.25]]}")))
    @ApiResponse(responseCode = "200", description = "One prediction per row, in order; modelId names the version used")
    PredictResponse predictByAlias(@PathVariable String name,
            @PathVariable @Pattern(regexp = ModelService.ALIAS_PATTERN, message = ModelService.ALIAS_MESSAGE) String alias,
            @RequestBody PredictRequest request) {
        return predictRows(service.resolve(name, alias).id(), request);
    }

    private PredictResponse predictRows(UUID id, PredictRequest request) {
        boolean inputs = request.inputs() != null && !request.inputs().isNull();
        boolean instances = request.instances() != null && !request.instances().isNull();
        if (inputs == instances) {
            throw new InvalidRequestException("inputs", "give inputs (or instances): one row per entry");
        }
        String field = inputs ? "inputs" : "instances";
        return new PredictResponse(id, service.predict(id, inputs ? request.inputs() : request.instances(), field,
                request.strict() != null && request.strict()));
    }
}
