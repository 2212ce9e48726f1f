package dev.backprop.training;

import org.springframework.test.context.TestPropertySource;

/** Searches on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:searches;DB_CLOSE_DELAY=-1")
class SearchApiH2Tests extends SearchApiTests {
}
