package dev.backprop.dataset;

import dev.backprop.support.PostgresTest;

/** Real tables on PostgreSQL, the production database. */
@PostgresTest
class RealTablesApiPostgresTests extends RealTablesApiTests {
}
