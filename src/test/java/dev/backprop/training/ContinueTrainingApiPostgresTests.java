package dev.backprop.training;

import dev.backprop.support.PostgresTest;

/** Continued training on PostgreSQL, the production database. */
@PostgresTest
class ContinueTrainingApiPostgresTests extends ContinueTrainingApiTests {
}
