package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** A job's per-epoch history: every epoch up to the configured count, evenly thinned beyond it. */
record HistoryResponse(UUID jobId, int totalEpochs, List<Point> points) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Point(int epoch, Double trainLoss, Double validationLoss, Double trainMetric, Double validationMetric,
            double learningRate) {
    }
}
