package dev.backprop.training;

import org.springframework.test.context.TestPropertySource;

/** Continued training on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:continue;DB_CLOSE_DELAY=-1")
class ContinueTrainingApiH2Tests extends ContinueTrainingApiTests {
}
