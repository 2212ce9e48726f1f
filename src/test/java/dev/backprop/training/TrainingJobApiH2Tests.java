package dev.backprop.training;

import org.springframework.test.context.TestPropertySource;

/** Training jobs and models on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:training;DB_CLOSE_DELAY=-1")
class TrainingJobApiH2Tests extends TrainingJobApiTests {
}
