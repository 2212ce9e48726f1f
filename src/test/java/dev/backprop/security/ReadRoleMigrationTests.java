package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Keys made when PREDICT also read everything become READ keys; the others keep their roles. */
class ReadRoleMigrationTests {

    private static final String URL = "jdbc:h2:mem:read-role-migration;DB_CLOSE_DELAY=-1";

    @Test
    void predictKeysOfBeforeBecomeReadKeys() throws Exception {
        Flyway.configure().dataSource(URL, "sa", "").target("18").load().migrate();
        try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
            for (String role : new String[] {"PREDICT", "TRAIN", "ADMIN"}) {
                var insert = c.prepareStatement("INSERT INTO api_key (id, name, role, secret_hash, prefix, created_at)"
                        + " VALUES (RANDOM_UUID(), ?, ?, ?, 'bp_', ?)");
                insert.setString(1, role.toLowerCase());
                insert.setString(2, role);
                insert.setString(3, "hash-" + role);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }

        Flyway.configure().dataSource(URL, "sa", "").load().migrate();

        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                ResultSet rows = c.createStatement().executeQuery("SELECT name, role FROM api_key ORDER BY name")) {
            StringBuilder roles = new StringBuilder();
            while (rows.next()) {
                roles.append(rows.getString(1)).append('=').append(rows.getString(2)).append(' ');
            }
            assertThat(roles.toString().strip()).isEqualTo("admin=ADMIN predict=READ train=TRAIN");
        }
    }
}
