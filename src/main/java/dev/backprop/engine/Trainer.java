package dev.backprop.engine;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains a network by mini-batch gradient descent. Each batch: forward, loss gradient, backward,
 * regularization (L2 and L1 on weights), gradient-norm clipping, one optimizer step. Each epoch:
 * a cancellation check before every batch, a divergence check (NaN or infinite loss or weights end
 * training with a reason), evaluation of the epoch's weights on whole splits where due, the
 * listener, early stopping and the checkpoint. The batch losses themselves are computed only on
 * evaluated epochs: elsewhere training needs only their gradients. Shuffling and dropout draw from
 * the config's seed, so the same inputs give bit-identical weights.
 */
public final class Trainer {

    /** Rows per forward pass when evaluating a whole set, to bound the buffers. */
    private static final int EVALUATION_ROWS = 1024;

    /** The loss and metric of a split not evaluated this epoch; read, never written. */
    private static final double[] UNMEASURED = {Double.NaN, Double.NaN};

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

    /**
     * What one fit watches and reports to besides its training rows, every part optional: start from
     * {@link #none()} and add parts with the withers.
     *
     * @param validationX rows evaluated beside the training rows on evaluated epochs (and monitored by
     *     early stopping); null for none
     * @param listener receives every epoch's figures; null for none
     * @param cancelled asked before every batch; true ends training, CANCELLED
     * @param resume a checkpoint of the same data, network and config to continue from; null to start
     * @param checkpoints offered a checkpoint after every epoch; null for none
     */
    public record Options(Matrix validationX, Matrix validationY, EpochListener listener, BooleanSupplier cancelled,
            Checkpoint resume, Checkpoints checkpoints) {

        private static final Options NONE = new Options(null, null, null, () -> false, null, null);

        public Options {
            if ((validationX == null) != (validationY == null)) {
                throw new IllegalArgumentException("validation needs both its inputs and its targets");
            }
            if (cancelled == null) {
                throw new IllegalArgumentException("the cancellation check is required (none() never cancels)");
            }
        }

        /** No validation, listener, cancellation, resume or checkpoints. */
        public static Options none() {
            return NONE;
        }

        public Options validation(Matrix x, Matrix y) {
            return new Options(x, y, listener, cancelled, resume, checkpoints);
        }

        public Options listener(EpochListener listener) {
            return new Options(validationX, validationY, listener, cancelled, resume, checkpoints);
        }

        public Options cancelled(BooleanSupplier cancelled) {
            return new Options(validationX, validationY, listener, cancelled, resume, checkpoints);
        }

        public Options resume(Checkpoint resume) {
            return new Options(validationX, validationY, listener, cancelled, resume, checkpoints);
        }

        public Options checkpoints(Checkpoints checkpoints) {
            return new Options(validationX, validationY, listener, cancelled, resume, checkpoints);
        }
    }

    private final Network network;
    private final TrainingConfig config;
    private final EpochMetric metric;

    public Trainer(Network network, TrainingConfig config, EpochMetric metric) {
        this.network = network;
        this.config = config;
        this.metric = metric;
    }

    /** Trains on {@code x}/{@code y} with no validation, listener, cancellation or checkpoints. */
    public TrainingResult fit(Matrix x, Matrix y) {
        return fit(x, y, Options.none());
    }

    /** Trains on {@code x}/{@code y}, watched and reported as {@code options} says. */
    public TrainingResult fit(Matrix x, Matrix y, Options options) {
        int n = x.rows();
        if (n == 0 || y.rows() != n) {
            throw new IllegalArgumentException("need the same, non-zero number of input and target rows: "
                    + x.rows() + " and " + y.rows());
        }
        if (x.cols() != network.inputs() || y.cols() != network.outputs()) {
            throw new IllegalArgumentException("the network maps " + network.inputs() + " inputs to "
                    + network.outputs() + " outputs; the data has " + x.cols() + " and " + y.cols());
        }
        return new Run(x, y, options).train();
    }

    /** One call of {@code fit}: the data, and what training carries from epoch to epoch. */
    private final class Run {
        private final Matrix x;
        private final Matrix y;
        private final Options options;
        private final boolean validate;
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

        Run(Matrix x, Matrix y, Options options) {
            this.x = x;
            this.y = y;
            this.options = options;
            this.validate = options.validationX() != null && options.validationX().rows() > 0;
            this.order = new int[x.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        TrainingResult train() {
            int first = options.resume() == null ? 0 : restore(options.resume());
            int n = x.rows();
            int batch = config.batchSize() == 0 || config.batchSize() >= n ? n : config.batchSize();
            boolean direct = batch == n && !config.shuffle();
            Matrix xb = direct ? x : new Matrix(batch, x.cols());
            Matrix yb = direct ? y : new Matrix(batch, y.cols());
            for (int epoch = first; epoch < config.epochs(); epoch++) {
                double rate = config.schedule().rate(epoch);
                int done = epoch + 1;
                boolean evaluate = stopping != null || (config.evaluateEvery() > 0
                        && (done == 1 || done % config.evaluateEvery() == 0 || done == config.epochs()));
                if (config.shuffle()) {
                    shuffle(order, shuffleRandom);
                }
                double running = 0;
                for (int start = 0; start < n; start += batch) {
                    if (options.cancelled().getAsBoolean()) {
                        return new TrainingResult(TrainingResult.StopReason.CANCELLED, epoch, epoch, last,
                                "cancelled during epoch " + done);
                    }
                    int rows = Math.min(batch, n - start);
                    if (!direct) {
                        gather(x, order, start, rows, xb);
                        gather(y, order, start, rows, yb);
                    }
                    running += network.train(xb, yb, config.loss(), config.reduction().scale(rows), true,
                            dropoutRandom, evaluate);
                    regularize(parameters);
                    clip(parameters);
                    optimizer.step(parameters, rate);
                }
                String diverged = divergence(evaluate ? running : 0.0, parameters);
                if (diverged != null) {
                    last = new EpochStats(done, config.epochs(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, rate,
                            running / n);
                    return diverged(done, rate, diverged);
                }
                TrainingResult ended = end(done, rate, running / n, evaluate);
                if (ended != null) {
                    return ended;
                }
            }
            return new TrainingResult(TrainingResult.StopReason.COMPLETED, config.epochs(), config.epochs(), last,
                    "trained all " + config.epochs() + " epochs");
        }

        /** Puts the network, optimizer, streams and bookkeeping where the checkpoint left them. */
        private int restore(Checkpoint resume) {
            if (resume.order().length != order.length) {
                throw new IllegalArgumentException("the checkpoint was taken on " + resume.order().length
                        + " training rows, not " + order.length);
            }
            network.restore(resume.weights());
            optimizer.restore(resume.optimizer());
            shuffleRandom = SplitStream.at(resume.shuffleStream());
            dropoutRandom = SplitStream.at(resume.dropoutStream());
            System.arraycopy(resume.order(), 0, order, 0, order.length);
            best = resume.best();
            bestEpoch = resume.bestEpoch();
            sinceBest = resume.sinceBest();
            bestWeights = resume.bestWeights();
            last = resume.last();
            return resume.epoch();
        }

        /**
         * An epoch's end, with the network holding its weights: the figures (evaluated on the whole
         * splits when {@code evaluate}), the listener, early stopping and the checkpoint. Returns the
         * result when training stops here.
         */
        private TrainingResult end(int done, double rate, double running, boolean evaluate) {
            double[] train = evaluate ? evaluate(x, y) : UNMEASURED;
            double[] validation = evaluate && validate ? evaluate(options.validationX(), options.validationY())
                    : UNMEASURED;
            last = new EpochStats(done, config.epochs(), train[0], validation[0], train[1], validation[1], rate,
                    running);
            if (evaluate && !Double.isFinite(train[0])) {
                return diverged(done, rate, "the train loss is " + train[0]);
            }
            if (options.listener() != null) {
                options.listener().onEpoch(last);
            }
            if (stopping != null) {
                double monitored = validate ? validation[0] : train[0];
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
            Checkpoints checkpoints = options.checkpoints();
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
        EpochMetric.Accumulator accumulator = metric == null ? null : metric.accumulator();
        if (n <= EVALUATION_ROWS) {
            sum = network.loss(x, y, config.loss());
            if (accumulator != null) {
                accumulator.add(network.lastOutputs(), y);
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
                    accumulator.add(network.lastOutputs(), yb);
                }
            }
        }
        return figures(sum, n, accumulator);
    }

    /** The loss per example (the summed data loss over {@code n}, with the penalty) and the metric. */
    private double[] figures(double sum, int n, EpochMetric.Accumulator accumulator) {
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
