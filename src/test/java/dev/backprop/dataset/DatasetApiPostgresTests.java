package dev.backprop.dataset;

import dev.backprop.support.PostgresTest;

/** The datasets API on PostgreSQL, the production database. */
@PostgresTest
class DatasetApiPostgresTests extends DatasetApiTests {
}
