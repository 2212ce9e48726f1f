package dev.backprop.model;

import org.springframework.test.context.TestPropertySource;

/** Aliases on embedded H2, the default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:aliases;DB_CLOSE_DELAY=-1")
class ModelAliasApiH2Tests extends ModelAliasApiTests {
}
