package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** An Open Inference Protocol v2 infer request: an optional id, the input tensors, optional parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InferenceRequest(
        @Schema(description = "echoed in the response") String id,
        @Schema(description = "exactly one tensor, named input") List<Tensor> inputs,
        @Schema(description = "accepted and ignored") Map<String, Object> parameters,
        @Schema(description = "accepted and ignored: every output is returned") List<Map<String, Object>> outputs) {

    /** One input tensor: its data read flat in row-major order, whether it was sent flat or nested. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tensor(
            @Schema(example = "input") String name,
            @Schema(description = "FP64 or FP32", example = "FP64") String datatype,
            @Schema(description = "[rows, features]", example = "[2, 2]") long[] shape,
            @Schema(description = "numbers, flat in row-major order or nested", example = "[0.5, 0.25, 1.5, -0.4]")
            @JsonDeserialize(using = FlatNumbers.class) double[] data,
            @Schema(description = "accepted and ignored") Map<String, Object> parameters) {
    }

    /** Reads numbers nested to any depth into one flat array, without a tree per value. */
    static final class FlatNumbers extends ValueDeserializer<double[]> {

        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return ctxt.reportInputMismatch(double[].class, "expected an array of numbers");
            }
            double[] values = new double[16];
            int size = 0;
            int depth = 1;
            while (depth > 0) {
                JsonToken token = p.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    if (size == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    values[size++] = p.getDoubleValue();
                } else {
                    return ctxt.reportInputMismatch(double[].class, "value " + size + " is not a number");
                }
            }
            return Arrays.copyOf(values, size);
        }
    }
}
