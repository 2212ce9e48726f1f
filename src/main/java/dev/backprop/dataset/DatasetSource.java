package dev.backprop.dataset;

/** How a dataset's rows arrived. */
enum DatasetSource {
    JSON,
    CSV,
    GENERATOR
}
