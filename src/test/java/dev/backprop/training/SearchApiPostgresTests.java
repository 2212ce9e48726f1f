package dev.backprop.training;

import dev.backprop.support.PostgresTest;

/** Searches on PostgreSQL, with the scheduler polling by lock-and-fetch. */
@PostgresTest
class SearchApiPostgresTests extends SearchApiTests {
}
