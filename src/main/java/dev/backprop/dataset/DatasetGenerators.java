package dev.backprop.dataset;

import dev.backprop.engine.RandomState;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws synthetic datasets from a seeded {@link RandomState}, so a seed gives the same rows on every
 * machine. moons, circles and blobs draw exactly as scikit-learn's make_moons, make_circles and
 * make_blobs with {@code random_state=seed} (Britz's 200 moons points come back from seed 0, noise
 * 0.2); xor, spirals and plane follow TensorFlow Playground and CS231n.
 */
final class DatasetGenerators {

    private DatasetGenerators() {
    }

    /** The spec with every default filled in, the seed included. */
    static GeneratorSpec withDefaults(GeneratorSpec spec, long randomSeed) {
        GeneratorType type = spec.type();
        return new GeneratorSpec(
                type,
                spec.samples() != null ? spec.samples() : 200,
                type == GeneratorType.BLOBS ? null
                        : spec.noise() != null ? spec.noise() : (type == GeneratorType.SPIRALS ? 0.2 : 0.1),
                spec.seed() != null ? spec.seed() : randomSeed,
                type == GeneratorType.CIRCLES ? (spec.factor() != null ? spec.factor() : 0.5) : null,
                type == GeneratorType.SPIRALS ? (spec.classes() != null ? spec.classes() : 2) : null,
                type == GeneratorType.BLOBS ? (spec.centers() != null ? spec.centers() : 3) : null,
                type == GeneratorType.BLOBS ? (spec.spread() != null ? spec.spread() : 1.0) : null,
                type == GeneratorType.BLOBS || type == GeneratorType.PLANE
                        ? (spec.features() != null ? spec.features() : 2) : null);
    }

    /** Names the parameters given that this type does not use. */
    static void checkParameters(GeneratorSpec spec, Violations violations) {
        GeneratorType type = spec.type();
        if (spec.factor() != null && type != GeneratorType.CIRCLES) {
            violations.add("generator.factor", "applies to circles only");
        }
        if (spec.classes() != null && type != GeneratorType.SPIRALS) {
            violations.add("generator.classes", "applies to spirals only");
        }
        if (spec.centers() != null && type != GeneratorType.BLOBS) {
            violations.add("generator.centers", "applies to blobs only");
        }
        if (spec.noise() != null && type == GeneratorType.BLOBS) {
            violations.add("generator.noise", "does not apply to blobs: their spread is their noise");
        }
        if (spec.spread() != null && type != GeneratorType.BLOBS) {
            violations.add("generator.spread", "applies to blobs only");
        }
        if (spec.features() != null && type != GeneratorType.BLOBS && type != GeneratorType.PLANE) {
            violations.add("generator.features", "applies to blobs and plane only");
        }
        int samples = spec.samples() == null ? 200 : spec.samples();
        int minimum = switch (type) {
            case MOONS, CIRCLES -> 2;
            case SPIRALS -> spec.classes() == null ? 2 : spec.classes();
            case BLOBS -> spec.centers() == null ? 3 : spec.centers();
            default -> 1;
        };
        if (samples < minimum) {
            violations.add("generator.samples", "must be at least " + minimum + " so that every class has a row");
        }
    }

    /** Draws the dataset a complete spec (see {@link #withDefaults}) describes. */
    static TrainingData generate(GeneratorSpec spec) {
        RandomState random = new RandomState(spec.seed());
        int n = spec.samples();
        double noise = spec.noise() == null ? 0 : spec.noise();
        return switch (spec.type()) {
            case MOONS -> moons(n, noise, random);
            case CIRCLES -> circles(n, noise, spec.factor(), random);
            case XOR -> xor(n, noise, random);
            case SPIRALS -> spirals(n, spec.classes(), noise, random);
            case BLOBS -> blobs(n, spec.centers(), spec.features(), spec.spread(), random);
            case PLANE -> plane(n, spec.features(), noise, random);
        };
    }

    private static TrainingData moons(int n, double noise, RandomState random) {
        int out = n / 2;
        int in = n - out;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < out; i++) {
            double t = linspace(0, Math.PI, out, i);
            x[2 * i] = Math.cos(t);
            x[2 * i + 1] = Math.sin(t);
        }
        for (int i = 0; i < in; i++) {
            double t = linspace(0, Math.PI, in, i);
            x[2 * (out + i)] = 1 - Math.cos(t);
            x[2 * (out + i) + 1] = 1 - Math.sin(t) - 0.5;
            y[out + i] = 1;
        }
        return shuffledWithNoise(x, y, 2, noise, random);
    }

    private static TrainingData circles(int n, double noise, double factor, RandomState random) {
        int out = n / 2;
        int in = n - out;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < out; i++) {
            double t = i * (2 * Math.PI / out);
            x[2 * i] = Math.cos(t);
            x[2 * i + 1] = Math.sin(t);
        }
        for (int i = 0; i < in; i++) {
            double t = i * (2 * Math.PI / in);
            x[2 * (out + i)] = Math.cos(t) * factor;
            x[2 * (out + i) + 1] = Math.sin(t) * factor;
            y[out + i] = 1;
        }
        return shuffledWithNoise(x, y, 2, noise, random);
    }

    /** numpy.linspace(start, stop, count)[i], endpoint included, computed as numpy computes it. */
    private static double linspace(double start, double stop, int count, int i) {
        if (count == 1) {
            return start;
        }
        if (i == count - 1) {
            return stop;
        }
        double step = (stop - start) / (count - 1);
        return i * step + start;
    }

    /** As scikit-learn: shuffle rows (labels with them), then add N(0, noise) to every feature. */
    private static TrainingData shuffledWithNoise(double[] x, double[] y, int width, double noise, RandomState random) {
        int n = y.length;
        int[] order = random.permutation(n);
        double[] xs = new double[x.length];
        double[] ys = new double[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, order[r] * width, xs, r * width, width);
            ys[r] = y[order[r]];
        }
        for (int i = 0; i < xs.length; i++) {
            xs[i] += random.normal(0, noise);
        }
        return classes(xs, ys, width, 2);
    }

    /** Uniform points in [-1, 1]², class 1 where the signs of x1 and x2 differ (Trask's XOR), then noise. */
    private static TrainingData xor(int n, double noise, RandomState random) {
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            double a = random.uniform(-1, 1);
            double b = random.uniform(-1, 1);
            y[r] = (a < 0) != (b < 0) ? 1 : 0;
            x[2 * r] = a + random.normal(0, noise);
            x[2 * r + 1] = b + random.normal(0, noise);
        }
        return classes(x, y, 2, 2);
    }

    /** CS231n's spirals: arm k sweeps radius 0..1 over angles 4k..4(k+1), noise on the angle; rows shuffled. */
    private static TrainingData spirals(int n, int arms, double noise, RandomState random) {
        double[] x = new double[2 * n];
        double[] y = new double[n];
        int row = 0;
        for (int k = 0; k < arms; k++) {
            int count = n / arms + (k < n % arms ? 1 : 0);
            for (int i = 0; i < count; i++, row++) {
                double radius = linspace(0, 1, count, i);
                double angle = linspace(4.0 * k, 4.0 * (k + 1), count, i) + random.normal(0, noise);
                x[2 * row] = radius * Math.sin(angle);
                x[2 * row + 1] = radius * Math.cos(angle);
                y[row] = k;
            }
        }
        return shuffled(x, y, 2, arms, random);
    }

    /** As scikit-learn's make_blobs: centers uniform in [-10, 10), clusters N(center, spread²), rows shuffled. */
    private static TrainingData blobs(int n, int centers, int width, double spread, RandomState random) {
        double[] center = new double[centers * width];
        for (int i = 0; i < center.length; i++) {
            center[i] = random.uniform(-10, 10);
        }
        double[] x = new double[n * width];
        double[] y = new double[n];
        int row = 0;
        for (int k = 0; k < centers; k++) {
            int count = n / centers + (k < n % centers ? 1 : 0);
            for (int i = 0; i < count; i++, row++) {
                for (int c = 0; c < width; c++) {
                    x[row * width + c] = random.normal(center[k * width + c], spread);
                }
                y[row] = k;
            }
        }
        return shuffled(x, y, width, centers, random);
    }

    /** Points uniform in [-1, 1]^d with target x1 + ... + xd plus N(0, noise): a plane to regress. */
    private static TrainingData plane(int n, int width, double noise, RandomState random) {
        double[] x = new double[n * width];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int c = 0; c < width; c++) {
                double v = random.uniform(-1, 1);
                x[r * width + c] = v;
                sum += v;
            }
            y[r] = sum + random.normal(0, noise);
        }
        return new TrainingData(Task.REGRESSION, n, JsonDatasetReader.numbered("x", width), List.of("y"), List.of(), x, y);
    }

    private static TrainingData shuffled(double[] x, double[] y, int width, int classCount, RandomState random) {
        int n = y.length;
        int[] order = random.permutation(n);
        double[] xs = new double[x.length];
        double[] ys = new double[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, order[r] * width, xs, r * width, width);
            ys[r] = y[order[r]];
        }
        return classes(xs, ys, width, classCount);
    }

    private static TrainingData classes(double[] x, double[] y, int width, int classCount) {
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < classCount; k++) {
            labels.add(Integer.toString(k));
        }
        return new TrainingData(Task.CLASSIFICATION, y.length, JsonDatasetReader.numbered("x", width), List.of("label"),
                labels, x, y);
    }
}
