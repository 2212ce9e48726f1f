package dev.backprop.engine;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains a network by mini-batch gradient descent. Each batch: forward, loss gradient, backward,
 * regularization (L2 and L1 on weights), gradient-norm clipping, one optimizer step. Each epoch:
 * a cancellation check, a divergence check (NaN or infinite loss or weights end training with a
 * reason), evaluation, the listener, and early stopping. The batch losses themselves are computed
 * only on evaluated epochs: elsewhere training needs only their gradients. Shuffling and dropout
 * draw from the config's seed, so the same inputs give bit-identical weights. Full-batch training in
 * row order without dropout ends an evaluated epoch during the next epoch's pass, before its update:
 * that pass's loss and outputs are the evaluation of the epoch's weights, so none is run apart.
 */
public final class Trainer {

    /** Rows per forward pass when evaluating a whole set, to bound the buffers. */
    private static final int EVALUATION_ROWS = 1024;

    /** Receives every epoch's figures, on the training thread. */
    public interface EpochListener {
        void onEpoch(EpochStats stats);
    }

    /**
     * Everything training carries from one epoch to the next, taken after {@code epoch} epochs:
     * the weights, the optimizer's state, both random streams' positions, the row order the
     * shuffles have reached, early stopping's bookkeeping and the last epoch's figures. Training
     * resumed from it ends on the very weights an uninterrupted run ends on.
     */
    public record Checkpoint(int epoch, double[][] weights, Optimizer.Snapshot optimizer, long[] shuffleStream,
            long[] dropoutStream, int[] order, double best, int bestEpoch, int sinceBest, double[][] bestWeights,
            EpochStats last) {
    }

    /** Decides after each epoch whether to take a checkpoint, and receives it. */
    public interface Checkpoints {

        /** Whether to take a checkpoint after {@code epoch} epochs (1-based, the one just done). */
        boolean due(int epoch);

        void write(Checkpoint checkpoint);
    }

    private final Network network;
    private final TrainingConfig config;
    private final Metric metric;

    public Trainer(Network network, TrainingConfig config, Metric metric) {
        this.network = network;
        this.config = config;
        this.metric = metric;
    }

    /**
     * Trains on {@code x}/{@code y}, evaluating on {@code validationX}/{@code validationY} when given.
     *
     * @param cancelled asked before every batch; returning true ends training, CANCELLED
     */
    public TrainingResult fit(Matrix x, Matrix y, Matrix validationX, Matrix validationY, EpochListener listener,
            BooleanSupplier cancelled) {
        return fit(x, y, validationX, validationY, listener, cancelled, null, null);
    }

    /**
     * As {@link #fit(Matrix, Matrix, Matrix, Matrix, EpochListener, BooleanSupplier)}, starting from
     * {@code resume} when given (the same data, network and config it was taken with) and offering
     * {@code checkpoints} a checkpoint after every epoch.
     */
    public TrainingResult fit(Matrix x, Matrix y, Matrix validationX, Matrix validationY, EpochListener listener,
            BooleanSupplier cancelled, Checkpoint resume, Checkpoints checkpoints) {
        int n = x.rows();
        if (n == 0 || y.rows() != n) {
            throw new IllegalArgumentException("need the same, non-zero number of input and target rows: "
                    + x.rows() + " and " + y.rows());
        }
        if (x.cols() != network.inputs() || y.cols() != network.outputs()) {
            throw new IllegalArgumentException("the network maps " + network.inputs() + " inputs to "
                    + network.outputs() + " outputs; the data has " + x.cols() + " and " + y.cols());
        }
        return new Run(x, y, validationX, validationY, listener, checkpoints).train(cancelled, resume);
    }

    /** An epoch's end whose figures wait for the next epoch's pass, which evaluates its weights. */
    private record EpochEnd(int done, double rate, double running) {
    }

    /** One call of {@code fit}: the data, what training carries from epoch to epoch, and each epoch's end. */
    private final class Run {
        private final Matrix x;
        private final Matrix y;
        private final Matrix validationX;
        private final Matrix validationY;
        private final boolean validate;
        private final EpochListener listener;
        private final Checkpoints checkpoints;
        private final Optimizer optimizer = Optimizer.create(config.optimizer());
        private final List<Parameter> parameters = network.parameters();
        private final TrainingConfig.EarlyStopping stopping = config.earlyStopping();
        private final int[] order;
        private SplitStream shuffleRandom = new SplitStream(config.seed());
        private SplitStream dropoutRandom = shuffleRandom.split();
        private double best = Double.POSITIVE_INFINITY;
        private int bestEpoch;
        private int sinceBest;
        private double[][] bestWeights;
        private EpochStats last;

        Run(Matrix x, Matrix y, Matrix validationX, Matrix validationY, EpochListener listener,
                Checkpoints checkpoints) {
            this.x = x;
            this.y = y;
            this.validationX = validationX;
            this.validationY = validationY;
            this.validate = validationX != null && validationX.rows() > 0;
            this.listener = listener;
            this.checkpoints = checkpoints;
            this.order = new int[x.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        TrainingResult train(BooleanSupplier cancelled, Checkpoint resume) {
            int n = x.rows();
            int batch = config.batchSize() == 0 || config.batchSize() >= n ? n : config.batchSize();
            boolean direct = batch == n && !config.shuffle();
            // A full batch in row order without dropout runs, before its update, the very forward pass
            // an evaluation of the previous epoch's weights runs (evaluations sum at most
            // EVALUATION_ROWS rows at once): that epoch's train figures are taken from it.
            boolean reuse = direct && n <= EVALUATION_ROWS
                    && network.layers().stream().allMatch(layer -> layer.spec().dropout() == 0.0);
            Matrix xb = direct ? x : new Matrix(batch, x.cols());
            Matrix yb = direct ? y : new Matrix(batch, y.cols());
            int first = 0;
            if (resume != null) {
                if (resume.order().length != n) {
                    throw new IllegalArgumentException("the checkpoint was taken on " + resume.order().length
                            + " training rows, not " + n);
                }
                network.restore(resume.weights());
                optimizer.restore(resume.optimizer());
                shuffleRandom = SplitStream.at(resume.shuffleStream());
                dropoutRandom = SplitStream.at(resume.dropoutStream());
                System.arraycopy(resume.order(), 0, order, 0, n);
                best = resume.best();
                bestEpoch = resume.bestEpoch();
                sinceBest = resume.sinceBest();
                bestWeights = resume.bestWeights();
                last = resume.last();
                first = resume.epoch();
            }

            EpochEnd pending = null;
            for (int epoch = first; epoch < config.epochs(); epoch++) {
                double rate = config.schedule().rate(epoch);
                int done = epoch + 1;
                boolean evaluate = stopping != null || (config.evaluateEvery() > 0
                        && (done == 1 || done % config.evaluateEvery() == 0 || done == config.epochs()));
                // the batch losses only where they are reported: the pending epoch's figures, or this epoch's
                // running loss when it is evaluated on its own (with reuse, the next pass gives its figures)
                boolean measure = pending != null || (evaluate && !reuse);
                if (config.shuffle()) {
                    shuffle(order, shuffleRandom);
                }
                double running = 0;
                for (int start = 0; start < n; start += batch) {
                    if (cancelled.getAsBoolean()) {
                        // the pending epoch's weights are still the network's: evaluate them before stopping
                        TrainingResult ended = pending == null ? null : end(pending, evaluate(x, y));
                        return ended != null ? ended : new TrainingResult(TrainingResult.StopReason.CANCELLED, epoch,
                                epoch, last, "cancelled during epoch " + (epoch + 1));
                    }
                    int rows = Math.min(batch, n - start);
                    if (!direct) {
                        gather(x, order, start, rows, xb);
                        gather(y, order, start, rows, yb);
                    }
                    double loss = network.train(xb, yb, config.loss(), config.reduction().scale(rows), true,
                            dropoutRandom, measure);
                    running += loss;
                    if (pending != null) {
                        Metric.Accumulator accumulator = metric == null ? null : metric.accumulator();
                        if (accumulator != null) {
                            accumulator.add(network.layers().getLast().output(), y);
                        }
                        TrainingResult ended = end(pending, figures(loss, n, accumulator));
                        pending = null;
                        if (ended != null) {
                            return ended;
                        }
                    }
                    regularize(parameters);
                    clip(parameters);
                    optimizer.step(parameters, rate);
                }
                String diverged = divergence(measure ? running : 0.0, parameters);
                if (diverged != null) {
                    last = new EpochStats(done, config.epochs(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, rate,
                            running / n);
                    return diverged(done, rate, diverged);
                }
                EpochEnd end = new EpochEnd(done, rate, running);
                if (evaluate && reuse && done < config.epochs()) {
                    pending = end;
                    continue;
                }
                TrainingResult ended = end(end, evaluate ? evaluate(x, y) : null);
                if (ended != null) {
                    return ended;
                }
            }
            return new TrainingResult(TrainingResult.StopReason.COMPLETED, config.epochs(), config.epochs(), last,
                    "trained all " + config.epochs() + " epochs");
        }

        /**
         * An epoch's end, with the network holding its weights: the figures ({@code train} is the
         * train loss and metric, or null when this epoch is not evaluated), the listener, early
         * stopping and the checkpoint. Returns the result when training stops here.
         */
        private TrainingResult end(EpochEnd end, double[] train) {
            int done = end.done();
            double trainLoss = Double.NaN;
            double trainMetric = Double.NaN;
            double validationLoss = Double.NaN;
            double validationMetric = Double.NaN;
            if (train != null) {
                trainLoss = train[0];
                trainMetric = train[1];
                if (validate) {
                    double[] val = evaluate(validationX, validationY);
                    validationLoss = val[0];
                    validationMetric = val[1];
                }
            }
            last = new EpochStats(done, config.epochs(), trainLoss, validationLoss, trainMetric, validationMetric,
                    end.rate(), end.running() / x.rows());
            if (train != null && !Double.isFinite(trainLoss)) {
                return diverged(done, end.rate(), "the train loss is " + trainLoss);
            }
            if (listener != null) {
                listener.onEpoch(last);
            }
            if (stopping != null) {
                double monitored = validate ? validationLoss : trainLoss;
                if (monitored < best - stopping.minDelta()) {
                    best = monitored;
                    bestEpoch = done;
                    sinceBest = 0;
                    if (stopping.restoreBest()) {
                        bestWeights = network.snapshot();
                    }
                } else if (++sinceBest >= stopping.patience()) {
                    if (bestWeights != null) {
                        network.restore(bestWeights);
                    }
                    return new TrainingResult(TrainingResult.StopReason.EARLY_STOPPED, done,
                            bestWeights != null ? bestEpoch : done, last,
                            (validate ? "validation" : "train") + " loss stopped improving after epoch " + bestEpoch
                                    + " (patience " + stopping.patience() + ")"
                                    + (bestWeights != null ? "; its weights were restored" : ""));
                }
            }
            if (checkpoints != null && done < config.epochs() && checkpoints.due(done)) {
                // bestWeights is a snapshot of its own that nothing writes into: shared, not copied
                checkpoints.write(new Checkpoint(done, network.snapshot(), optimizer.snapshot(), shuffleRandom.state(),
                        dropoutRandom.state(), order.clone(), best, bestEpoch, sinceBest, bestWeights, last));
            }
            return null;
        }

        private TrainingResult diverged(int done, double rate, String why) {
            return new TrainingResult(TrainingResult.StopReason.DIVERGED, done, done, last,
                    "loss diverged at epoch " + done + ": " + why + "; lower the learning rate (it was " + rate
                            + "), normalize the inputs or clip gradients");
        }
    }

    /**
     * The objective on one batch, {@code scale * Σ loss + penalty}, leaving its gradient (with
     * regularization, before clipping) in every parameter. Used by gradient checks.
     */
    double objective(Matrix x, Matrix y, SplitStream dropoutRandom) {
        double scale = config.reduction().scale(x.rows());
        double data = network.train(x, y, config.loss(), scale, dropoutRandom != null, dropoutRandom);
        regularize(network.parameters());
        return scale * data + penalty(network.parameters());
    }

    /** Loss per example and metric over a whole set, in inference mode. */
    public double[] evaluate(Matrix x, Matrix y) {
        int n = x.rows();
        double sum = 0;
        Metric.Accumulator accumulator = metric == null ? null : metric.accumulator();
        if (n <= EVALUATION_ROWS) {
            sum = network.loss(x, y, config.loss());
            if (accumulator != null) {
                accumulator.add(network.layers().getLast().output(), y);
            }
        } else {
            Matrix xb = new Matrix(EVALUATION_ROWS, x.cols());
            Matrix yb = new Matrix(EVALUATION_ROWS, y.cols());
            for (int start = 0; start < n; start += EVALUATION_ROWS) {
                int rows = Math.min(EVALUATION_ROWS, n - start);
                slice(x, start, rows, xb);
                slice(y, start, rows, yb);
                sum += network.loss(xb, yb, config.loss());
                if (accumulator != null) {
                    accumulator.add(network.layers().getLast().output(), yb);
                }
            }
        }
        return figures(sum, n, accumulator);
    }

    /** The loss per example (the summed data loss over {@code n}, with the penalty) and the metric. */
    private double[] figures(double sum, int n, Metric.Accumulator accumulator) {
        double penalty = penalty(network.parameters());
        double loss = sum / n + (config.reduction() == Reduction.SUM ? penalty / n : penalty);
        return new double[] {loss, accumulator == null ? Double.NaN : accumulator.result()};
    }

    private double penalty(List<Parameter> parameters) {
        if (config.l1() == 0 && config.l2() == 0) {
            return 0;
        }
        double squares = 0;
        double absolutes = 0;
        for (Parameter p : parameters) {
            if (!p.regularized()) {
                continue;
            }
            for (double w : p.value()) {
                squares += w * w;
                absolutes += Math.abs(w);
            }
        }
        return 0.5 * config.l2() * squares + config.l1() * absolutes;
    }

    private void regularize(List<Parameter> parameters) {
        double l1 = config.l1();
        double l2 = config.l2();
        if (l1 == 0 && l2 == 0) {
            return;
        }
        for (Parameter p : parameters) {
            if (!p.regularized()) {
                continue;
            }
            double[] w = p.value();
            double[] g = p.grad();
            for (int i = 0; i < w.length; i++) {
                g[i] += l2 * w[i] + l1 * Math.signum(w[i]);
            }
        }
    }

    private void clip(List<Parameter> parameters) {
        double max = config.clipNorm();
        if (max == 0) {
            return;
        }
        double squares = 0;
        for (Parameter p : parameters) {
            for (double g : p.grad()) {
                squares += g * g;
            }
        }
        double norm = Math.sqrt(squares);
        if (norm > max) {
            double scale = max / norm;
            for (Parameter p : parameters) {
                double[] g = p.grad();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
    }

    private static String divergence(double running, List<Parameter> parameters) {
        if (!Double.isFinite(running)) {
            return "the training loss became " + running;
        }
        for (Parameter p : parameters) {
            for (double w : p.value()) {
                if (!Double.isFinite(w)) {
                    return "a weight in " + p.name() + " became " + w;
                }
            }
        }
        return null;
    }

    private static void shuffle(int[] order, SplitStream random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Copies rows {@code order[start .. start + rows)} of {@code source} into {@code batch}. */
    private static void gather(Matrix source, int[] order, int start, int rows, Matrix batch) {
        int cols = source.cols();
        batch.reshape(rows, cols);
        double[] from = source.data();
        double[] to = batch.data();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, order[start + r] * cols, to, r * cols, cols);
        }
    }

    private static void slice(Matrix source, int start, int rows, Matrix out) {
        int cols = source.cols();
        out.reshape(rows, cols);
        System.arraycopy(source.data(), start * cols, out.data(), 0, rows * cols);
    }
}
