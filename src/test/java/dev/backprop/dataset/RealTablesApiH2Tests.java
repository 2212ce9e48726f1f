package dev.backprop.dataset;

import org.springframework.test.context.TestPropertySource;

/** Real tables on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:real-tables;DB_CLOSE_DELAY=-1")
class RealTablesApiH2Tests extends RealTablesApiTests {
}
