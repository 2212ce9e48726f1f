package dev.backprop.engine;

/**
 * How training ended.
 *
 * @param epochs epochs completed
 * @param bestEpoch the epoch whose weights the network holds when early stopping restored them,
 *     otherwise the last epoch
 * @param message why it stopped, in words a person can act on
 */
public record TrainingResult(StopReason reason, int epochs, int bestEpoch, EpochStats last, String message) {

    public enum StopReason {
        /** Every epoch ran. */
        COMPLETED,
        /** The monitored loss stopped improving. */
        EARLY_STOPPED,
        /** The caller's cancellation check said stop. */
        CANCELLED,
        /** A loss or a weight became NaN or infinite. */
        DIVERGED
    }
}
