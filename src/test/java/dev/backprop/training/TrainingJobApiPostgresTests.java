package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.PostgresTest;
import org.junit.jupiter.api.Test;

/** Training jobs and models on PostgreSQL, with the scheduler polling by lock-and-fetch. */
@PostgresTest
class TrainingJobApiPostgresTests extends TrainingJobApiTests {

    @Test
    void theServerEndsATransactionLeftIdleSoThatAPausedInstanceHoldsNoLockForLong() {
        assertThat(jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class)).isEqualTo("10s");
    }
}
