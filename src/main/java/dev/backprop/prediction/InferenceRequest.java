package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Inputs;
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
        @Schema(description = "one tensor named input [rows, features] (models of number columns), or one tensor per"
                + " column named as the column [rows] or [rows, 1]: BYTES for categories, FP64 or FP32 for numbers;"
                + " null in data is a missing value") List<Tensor> inputs,
        @Schema(description = "accepted and ignored") Map<String, Object> parameters,
        @Schema(description = "accepted and ignored: every output is returned") List<Map<String, Object>> outputs) {

    /** One input tensor: its data read flat in row-major order, whether it was sent flat or nested. */
    @Schema(name = "InferenceInput")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tensor(
            @Schema(example = "input") String name,
            @Schema(description = "FP64, FP32, or BYTES (a category column)", example = "FP64") String datatype,
            @Schema(description = "[rows, features], or [rows] / [rows, 1] for a column", example = "[2, 2]") long[] shape,
            @Schema(description = "numbers (or strings for BYTES, null for a missing value), flat in row-major order or"
                    + " nested", example = "[0.5, 0.25, 1.5, -0.4]", implementation = Object[].class)
            @JsonDeserialize(using = FlatValues.class) Values data,
            @Schema(description = "accepted and ignored") Map<String, Object> parameters) {
    }

    /**
     * A tensor's data, flat: {@code numbers} while every value is a number, else {@code texts}, each value
     * as text (a number in its shortest form) and null for a JSON null.
     */
    record Values(double[] numbers, String[] texts) {

        int size() {
            return numbers != null ? numbers.length : texts.length;
        }
    }

    /** Reads values nested to any depth into one flat array, without a tree per value. */
    static final class FlatValues extends ValueDeserializer<Values> {

        @Override
        public Values deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return ctxt.reportInputMismatch(Values.class, "expected an array of numbers");
            }
            double[] values = new double[16];
            String[] texts = null;
            int size = 0;
            int depth = 1;
            while (depth > 0) {
                JsonToken token = p.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                        || token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL) {
                    boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
                    if (texts == null && !number) {
                        texts = new String[values.length];
                        for (int i = 0; i < size; i++) {
                            texts[i] = Inputs.levelText(values[i]);
                        }
                    }
                    if (size == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                        texts = texts == null ? null : Arrays.copyOf(texts, values.length);
                    }
                    if (texts == null) {
                        values[size++] = p.getDoubleValue();
                    } else {
                        texts[size++] = token == JsonToken.VALUE_NULL ? null
                                : number ? Inputs.levelText(p.getDoubleValue()) : p.getString();
                    }
                } else {
                    return ctxt.reportInputMismatch(Values.class, "value " + size + " is not a number, a string or null");
                }
            }
            return texts == null ? new Values(Arrays.copyOf(values, size), null) : new Values(null, Arrays.copyOf(texts, size));
        }

    }
}
