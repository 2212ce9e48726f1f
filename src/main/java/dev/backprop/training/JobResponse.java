package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A training job as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobResponse(
        UUID id,
        String name,
        UUID datasetId,
        @Schema(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") JobStatus status,
        @JsonUnwrapped EpochFigures latest,
        int totalEpochs,
        @Schema(description = "epoch / totalEpochs") double fractionDone,
        Double elapsedSeconds,
        @Schema(description = "estimated from this run's time per epoch; none until it has done a tenth of"
                + " its epochs or run 30 s (the start would weigh too much)") Double remainingSeconds,
        Integer bestEpoch,
        @Schema(description = "the lowest validation loss (train loss without a validation split)") Double bestLoss,
        @Schema(description = "once SUCCEEDED") UUID modelId,
        @Schema(description = "why it ended, e.g. \"loss diverged at epoch 12: ...\"") String reason,
        long seed,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>") String createdBy,
        @Schema(description = "the epoch this run continued from, when its instance stopped or died and it resumed from "
                + "a checkpoint (backprop.training.checkpoint-interval)") Integer resumedFromEpoch,
        @Schema(description = "the job's loss and metric curves as images (PNG; add format=SVG for SVG)") Charts charts,
        @Schema(description = "the network and training the job runs, every default filled in (as its dry run showed);"
                + " explicit starting weights are left out. Absent for jobs queued before plans were stored")
        TrainingPlan plan,
        @Schema(description = "for a search's trial: the search, the trial and the fold this job holds out") Trial trial,
        @Schema(description = "the search whose best trial this job refits on every row (promote)") UUID refitOf) {

    /** Which search, trial and fold a trial job trains. */
    @Schema(name = "JobTrial")
    record Trial(UUID searchId, int number,
            @Schema(description = "the rung of successive halving (0 when the search does not halve)") int rung,
            int fold) {
    }

    /** Where a job's pictures are. */
    @Schema(name = "JobCharts")
    record Charts(String loss, String metric) {

        static Charts of(UUID job) {
            String chart = "/api/v1/training-jobs/" + job + "/history/chart";
            return new Charts(chart + "?curve=LOSS", chart + "?curve=METRIC");
        }
    }

    /** A run estimates its time left once it has done a tenth of its epochs, or run this long. */
    static final double ESTIMATE_AFTER_SECONDS = 30;

    static JobResponse of(TrainingJob job, TrainingPlan plan, Instant now) {
        Double elapsed = null;
        Double remaining = null;
        if (job.startedAt() != null) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : now;
            elapsed = Duration.between(job.startedAt(), end).toMillis() / 1000.0;
            int epoch = job.latest().epoch();
            int from = job.resumedFromEpoch() == null ? 0 : job.resumedFromEpoch();
            int done = epoch - from;
            // the time so far holds the run's start (reading the dataset, compiling the kernels), which
            // an estimate from the first epochs would multiply: none until it weighs little
            if (job.status() == JobStatus.RUNNING && done > 0
                    && (done * 10L >= job.totalEpochs() - from || elapsed >= ESTIMATE_AFTER_SECONDS)) {
                remaining = elapsed / done * (job.totalEpochs() - epoch);
            } else if (job.status().terminal()) {
                remaining = 0.0;
            }
        }
        return new JobResponse(job.getId(), job.name(), job.datasetId(), job.status(), job.latest(), job.totalEpochs(),
                job.totalEpochs() == 0 ? 0 : (double) job.latest().epoch() / job.totalEpochs(), elapsed, remaining,
                job.bestEpoch(), job.bestLoss(), job.modelId(), job.reason(), job.seed(), job.cancelRequested(),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.createdBy(), job.resumedFromEpoch(),
                Charts.of(job.getId()), plan,
                job.trial() == null ? null : new Trial(job.searchId(), job.trial(),
                        job.rung() == null ? 0 : job.rung(), job.fold()),
                job.trial() == null ? job.searchId() : null);
    }
}
