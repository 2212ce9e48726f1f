package dev.backprop.training;

import dev.backprop.support.PostgresTest;

/** Training jobs and models on PostgreSQL, with the scheduler polling by lock-and-fetch. */
@PostgresTest
class TrainingJobApiPostgresTests extends TrainingJobApiTests {
}
