package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RequiresRole(Role.PREDICT)
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Predictions", description = "Predict with a stored model, by id or by name and version")
class PredictionController {

    private final PredictionService service;

    PredictionController(PredictionService service) {
        this.service = service;
    }

    /** Rows to predict: {@code inputs}, or TensorFlow Serving's {@code instances}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PredictRequest(
            @Schema(description = "one array of raw (unnormalized) feature values per row", example = "[[0.5, 0.25]]")
            double[][] inputs,
            @Schema(description = "the same, under TensorFlow Serving's name") double[][] instances) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PredictResponse(UUID modelId, List<PredictionService.Prediction> predictions) {
    }

    private static final String DESCRIPTION = """
            Applies the model's stored normalization and its network to each row. Classification: per row \
            the outputs, the predicted label (the original label name) and the probability of each class; \
            regression: the outputs and the value of each target by name. A row of the wrong width, NaN or \
            infinite values, strings, an empty batch or more rows than backprop.prediction.max-rows (1000) \
            are refused with the row and column at fault.""";

    @PostMapping(value = "/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Predict with a model by id", description = DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PredictRequest.class),
            examples = {@ExampleObject(name = "inputs", value = "{\"inputs\": [[0.5, 0.25], [1.5, -0.4]]}"),
                    @ExampleObject(name = "instances", value = "{\"instances\": [[0.5, 0.25]]}")}))
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
    @Operation(summary = "Predict with a model by name and version",
            description = "As predict by id; `version` is a number or `latest`. " + DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PredictRequest.class),
            examples = @ExampleObject(name = "inputs", value = "{\"inputs\": [[0.5, 0.25]]}")))
    @ApiResponse(responseCode = "200", description = "One prediction per row, in order")
    PredictResponse predictByName(@PathVariable String name, @PathVariable String version,
            @RequestBody PredictRequest request) {
        return predictRows(service.resolve(name, version).id(), request);
    }

    private PredictResponse predictRows(UUID id, PredictRequest request) {
        if ((request.inputs() == null) == (request.instances() == null)) {
            throw new InvalidRequestException("inputs", "give inputs (or instances): one array of numbers per row");
        }
        String field = request.inputs() != null ? "inputs" : "instances";
        double[][] rows = request.inputs() != null ? request.inputs() : request.instances();
        return new PredictResponse(id, service.predict(id, rows, field));
    }
}
