package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The synthetic datasets the service can draw, as in scikit-learn and TensorFlow Playground. */
public enum GeneratorType {
    @JsonProperty("moons") MOONS,
    @JsonProperty("circles") CIRCLES,
    @JsonProperty("xor") XOR,
    @JsonProperty("spirals") SPIRALS,
    @JsonProperty("blobs") BLOBS,
    @JsonProperty("plane") PLANE
}
