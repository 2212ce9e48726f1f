package dev.backprop.system;

import dev.backprop.support.PostgresTest;

/** Operational metrics on PostgreSQL, the production database. */
@PostgresTest
class MetricsApiPostgresTests extends MetricsApiTests {
}
