package dev.backprop.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Where new training jobs go: stored and scheduled in the caller's transaction (the scheduler shares
 * its connection), so the job and its execution commit, or roll back, together.
 */
@Component
class JobQueue {

    private final TrainingJobRepository jobs;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;
    private final ApplicationEventPublisher events;

    JobQueue(TrainingJobRepository jobs, SchedulerClient scheduler, OneTimeTask<Void> trainingTask,
            ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.task = trainingTask;
        this.events = events;
    }

    /** Stores the job and schedules it to run from {@code at}, in the caller's transaction. */
    void add(TrainingJob job, Instant at) {
        jobs.saveAndFlush(job);
        scheduler.schedule(task.instance(job.getId().toString()), at);
        events.publishEvent(new Queued(job.getId()));
    }

    /** A job was stored and scheduled; published inside the transaction that did it. */
    record Queued(UUID id) {
    }

    /**
     * After the job's commit, has the scheduler look for due work at once: its own immediate check
     * runs when the job is scheduled, inside the transaction, where the job cannot be seen yet.
     */
    @TransactionalEventListener
    void startSoon(Queued event) {
        if (scheduler instanceof Scheduler running) {
            running.triggerCheckForDueExecutions();
        }
    }
}
