package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backprop.support.PostgresTest;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** A failed statement's error, which ends in the log, carries none of the values it was sent. */
@PostgresTest
@SpringBootTest
class DatabaseErrorsPostgresTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailedBatchNamesNoBoundValue() {
        String secret = "secret-" + UUID.randomUUID();
        Throwable thrown = catchThrowable(() -> jdbc.batchUpdate(
                "INSERT INTO model_name (name, last_version) VALUES (?, 1)",
                List.of(new Object[] {secret}, new Object[] {secret})));

        assertThat(thrown).isInstanceOf(DataIntegrityViolationException.class);
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
            if (t instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    text.append(next.getMessage()).append('\n');
                }
            }
        }
        assertThat(text).contains("model_name").doesNotContain(secret);
    }
}
