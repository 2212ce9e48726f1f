package dev.backprop.model;

import dev.backprop.support.PostgresTest;

/** ONNX export on PostgreSQL, the production database. */
@PostgresTest
class OnnxExportApiPostgresTests extends OnnxExportApiTests {
}
