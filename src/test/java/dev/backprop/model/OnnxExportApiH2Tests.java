package dev.backprop.model;

import org.springframework.test.context.TestPropertySource;

/** ONNX export on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:onnx;DB_CLOSE_DELAY=-1")
class OnnxExportApiH2Tests extends OnnxExportApiTests {
}
