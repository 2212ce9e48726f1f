package dev.backprop.system;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * db-scheduler, wired by hand (its Spring Boot starter is not published for Boot 4). It sees the
 * data source through a transaction-aware proxy, so a job scheduled inside a service transaction
 * is committed, or rolled back, with the rows written beside it. It starts once the application
 * is ready (the schema migrated) and stops with the context, handing running jobs back.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulerConfiguration.class);

    @Bean(destroyMethod = "stop")
    Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, SchedulerProperties properties) {
        int threads = properties.threads() > 0 ? properties.threads() : Runtime.getRuntime().availableProcessors();
        SchedulerBuilder builder = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .threads(threads)
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(properties.missedHeartbeats())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .schedulerName(new SchedulerName.Fixed(name(properties)))
                .enableImmediateExecution();
        boolean lockAndFetch = switch (properties.polling()) {
            case "lock-and-fetch" -> true;
            case "fetch" -> false;
            default -> isPostgres(dataSource);
        };
        builder = lockAndFetch ? builder.pollUsingLockAndFetch(0.5, 1.0) : builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
        log.info("Job scheduler: {} threads, {} polling", threads, lockAndFetch ? "lock-and-fetch" : "fetch");
        return builder.build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(Scheduler.class).start();
    }

    private static String name(SchedulerProperties properties) {
        if (!properties.name().isBlank()) {
            return properties.name();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "backprop";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to choose the scheduler's polling", e);
        }
    }
}
