import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Loss;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.MatrixOps;
import dev.backprop.engine.Network;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine on the workloads of ../shared/bench/numpy_twin.py: same shapes, epochs, batch sizes and
 * learning rates, float64, tanh hidden layers, softmax with cross-entropy, mean-reduced gradients,
 * plain SGD, biases on, no shuffling, weights N(0,1)/sqrt(fan_in); no evaluation, so the loss itself is
 * never computed, only its gradient, as in the twins. Prints, like the twin,
 * {@code workload=<name> seconds=<median of 5>} (gemm: also gflops=).
 * Run through bench/engine.sh, which compiles the engine first.
 */
public class EngineBench {

    public static void main(String[] args) {
        System.out.println("kernel: " + MatrixOps.kernel());
        List<String> names = args.length == 0 ? List.of("moons", "digits", "mnist", "gemm") : List.of(args);
        for (String name : names) {
            switch (name) {
                case "moons" -> train(name, 200, 2, 2, new int[] {3}, 20000, 200, 0.01);
                case "digits" -> train(name, 1797, 64, 10, new int[] {64}, 100, 32, 0.1);
                case "mnist" -> train(name, 60000, 784, 10, new int[] {256, 256}, 1, 128, 0.01);
                case "gemm" -> gemm();
                default -> throw new IllegalArgumentException("unknown workload " + name);
            }
        }
    }

    private static void train(String name, int n, int d, int k, int[] hidden, int epochs, int batch, double rate) {
        SplittableRandom random = new SplittableRandom(1);
        Matrix x = new Matrix(n, d);
        Matrix y = new Matrix(n, k);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = random.nextDouble();
        }
        for (int r = 0; r < n; r++) {
            y.set(r, random.nextInt(k), 1.0);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int h : hidden) {
            layers.add(new LayerSpec(h, Activation.TANH));
        }
        layers.add(new LayerSpec(k, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(epochs)
                .batches(batch, false).learningRate(rate).evaluateEvery(0).build();
        double seconds = median(() -> {
            Network network = Network.create(d, layers, Initializer.NORMAL_SCALED, 0);
            new Trainer(network, config, null).fit(x, y);
        });
        System.out.printf("workload=%s seconds=%.4f%n", name, seconds);
    }

    private static void gemm() {
        int n = 2048;
        SplittableRandom random = new SplittableRandom(2);
        Matrix a = new Matrix(n, n);
        Matrix b = new Matrix(n, n);
        for (int i = 0; i < a.size(); i++) {
            a.data()[i] = random.nextDouble();
            b.data()[i] = random.nextDouble();
        }
        Matrix c = new Matrix(n, n);
        MatrixOps.mult(a, b, c);
        double seconds = median(() -> MatrixOps.mult(a, b, c));
        System.out.printf("workload=gemm seconds=%.4f gflops=%.1f%n", seconds, 2.0 * n * n * n / seconds / 1e9);
    }

    /**
     * Median wall time of five runs, after untimed runs for at least a second (at least one), so the JIT
     * has compiled the hot loops: the first few runs of a large product still run on code the JIT is
     * about to replace, at a fraction of the compiled code's speed.
     */
    private static double median(Runnable run) {
        long warm = System.nanoTime();
        do {
            run.run();
        } while (System.nanoTime() - warm < 1_000_000_000L);
        double[] times = new double[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            run.run();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
