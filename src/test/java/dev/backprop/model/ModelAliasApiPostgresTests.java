package dev.backprop.model;

import dev.backprop.support.PostgresTest;

/** Aliases on PostgreSQL, the production database. */
@PostgresTest
class ModelAliasApiPostgresTests extends ModelAliasApiTests {
}
