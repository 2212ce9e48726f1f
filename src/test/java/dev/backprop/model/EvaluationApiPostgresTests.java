package dev.backprop.model;

import dev.backprop.support.PostgresTest;

/** Evaluations on PostgreSQL, the production database. */
@PostgresTest
class EvaluationApiPostgresTests extends EvaluationApiTests {
}
