package dev.backprop.dataset;

import org.springframework.test.context.TestPropertySource;

/** The datasets API on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:datasets;DB_CLOSE_DELAY=-1")
class DatasetApiH2Tests extends DatasetApiTests {
}
