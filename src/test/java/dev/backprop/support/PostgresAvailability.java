package dev.backprop.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Decides once per run where the PostgreSQL tests get their database, or that they cannot run. */
public final class PostgresAvailability implements ExecutionCondition {

    public static final String URL_VARIABLE = "BACKPROP_TEST_POSTGRES_URL";

    /** Set to true (as CI does) to fail, not skip, when no PostgreSQL can be had. */
    public static final String REQUIRED_VARIABLE = "BACKPROP_TEST_POSTGRES_REQUIRED";

    /** Where the PostgreSQL tests get their database. */
    public enum Source { DOCKER, EXTERNAL, NONE }

    private static volatile Source source;

    public static Source source() {
        Source s = source;
        if (s == null) {
            synchronized (PostgresAvailability.class) {
                if (source == null) {
                    source = detect();
                }
                s = source;
            }
        }
        return s;
    }

    private static Source detect() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (docker) {
            return Source.DOCKER;
        }
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank() ? Source.EXTERNAL : Source.NONE;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return switch (source()) {
            case DOCKER -> ConditionEvaluationResult.enabled("PostgreSQL from Testcontainers");
            case EXTERNAL -> ConditionEvaluationResult.enabled("PostgreSQL at " + System.getenv(URL_VARIABLE));
            case NONE -> {
                if (Boolean.parseBoolean(System.getenv(REQUIRED_VARIABLE))) {
                    throw new ExtensionConfigurationException(REQUIRED_VARIABLE + " is true but there is no Docker"
                            + " engine and " + URL_VARIABLE + " is not set: the PostgreSQL tests cannot run");
                }
                yield ConditionEvaluationResult.disabled("PostgreSQL tests skipped: no Docker engine for"
                    + " Testcontainers and " + URL_VARIABLE + " is not set (e.g. jdbc:postgresql://127.0.0.1:5432/test)");
            }
        };
    }
}
