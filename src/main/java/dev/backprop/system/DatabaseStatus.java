package dev.backprop.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, as this instance last found out. What can be served without it (a
 * cached model, a key seen valid) asks this first, so that while the database is away no request waits
 * on the pool for a connection that will not come: one probe at a time, off the request path, finds
 * out when it is back.
 */
@Component
public class DatabaseStatus {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStatus.class);
    private static final Duration PROBE_PAUSE = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean down;

    DatabaseStatus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the last word on the database is that it does not answer. */
    public boolean down() {
        return down;
    }

    /**
     * Takes note of a failure: an outage marks the database down until a probe reaches it again.
     * Returns whether it was an outage.
     */
    public boolean failed(Throwable e) {
        if (!DatabaseOutages.isConnectionLoss(e)) {
            return false;
        }
        if (!down) {
            down = true;
            log.warn("The database does not answer ({}); serving what can be served without it until it does",
                    e.toString());
        }
        probe();
        return true;
    }

    /**
     * Takes note of a database error a request answers with 503: a lost connection marks the
     * database down (and is logged as it goes down); a lock or a timeout on a live database is logged
     * once a minute per kind, not once per request.
     */
    public void unavailable(Throwable e) {
        if (!failed(e) && DatabaseOutages.shouldLog(e.getClass().getName())) {
            log.warn("A request met a database error that may pass ({}); it was answered 503 with Retry-After",
                    e.toString());
        }
    }

    private void probe() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("database-probe").start(() -> {
            try {
                while (down) {
                    boolean valid = false;
                    try (Connection connection = dataSource.getConnection()) {
                        valid = connection.isValid((int) PROBE_PAUSE.toSeconds());
                    } catch (Exception e) {
                        // still away
                    }
                    if (valid) {
                        down = false;
                        log.info("The database answers again");
                    } else {
                        Thread.sleep(PROBE_PAUSE);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                probing.set(false);
            }
            // a failure noted while this probe was finishing found it still running and started none
            if (down && !Thread.currentThread().isInterrupted()) {
                probe();
            }
        });
    }
}
