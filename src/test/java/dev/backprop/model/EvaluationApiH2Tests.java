package dev.backprop.model;

import org.springframework.test.context.TestPropertySource;

/** Evaluations on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:evaluations;DB_CLOSE_DELAY=-1")
class EvaluationApiH2Tests extends EvaluationApiTests {
}
