package dev.backprop.system;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a database outage looks like from here, and how often to say so. An outage is an error that
 * the same request may not meet again once the database answers: a connection refused, lost or not
 * to be had from the pool, SQLSTATE class 08 (connection) or 57P (the server shutting down). A
 * constraint violation or a bad statement is not one.
 */
public final class DatabaseOutages {

    /** How long a request should wait before trying again while the database does not answer. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final long LOG_INTERVAL = Duration.ofMinutes(1).toNanos();
    private static final Map<String, Long> logged = new ConcurrentHashMap<>();

    private DatabaseOutages() {
    }

    /**
     * Whether {@code e}, or any of its causes, says the database could not be reached or the step may
     * pass if tried again (a lock timeout, a deadlock victim, a query cancelled for time).
     */
    public static boolean isOutage(Throwable e) {
        if (isConnectionLoss(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e}, or any of its causes, says the database itself could not be reached: no
     * connection to be had, one lost, SQLSTATE class 08 or 57P. A lock or a timeout on a live
     * database is not one.
     */
    public static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof SocketException || t instanceof EOFException
                    || t instanceof JDBCConnectionException || t instanceof DatabaseUnavailableException) {
                return true;
            }
            // a rollback or commit the JDBC connection could not carry out: the pool had already dropped
            // the broken connection, whose stand-in answers "closed" without an SQLSTATE
            if (t instanceof TransactionException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether to log an outage met while doing {@code what} now: once a minute for each kind of
     * step, so an outage under load does not write a stack trace per request.
     */
    static boolean shouldLog(String what) {
        long now = System.nanoTime();
        boolean[] due = new boolean[1];
        logged.compute(what, (key, last) -> {
            due[0] = last == null || now - last >= LOG_INTERVAL;
            return due[0] ? now : last;
        });
        return due[0];
    }
}
