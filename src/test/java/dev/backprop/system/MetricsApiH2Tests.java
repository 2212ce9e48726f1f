package dev.backprop.system;

import org.springframework.test.context.TestPropertySource;

/** Operational metrics on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1")
class MetricsApiH2Tests extends MetricsApiTests {
}
