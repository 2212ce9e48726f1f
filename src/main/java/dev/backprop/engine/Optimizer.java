package dev.backprop.engine;

import java.util.List;

/**
 * Updates parameters from their gradients. An optimizer keeps per-parameter state (velocities,
 * moment estimates), so one instance serves one network for its whole training.
 */
public interface Optimizer {

    /** Applies one update with the given learning rate to every parameter, in place. */
    void step(List<Parameter> parameters, double learningRate);

    /**
     * What the optimizer carries from one step to the next: its per-parameter arrays (null before
     * the first step) and its step count. Plain SGD carries nothing.
     */
    record Snapshot(long steps, double[][][] arrays) {

        /** A snapshot holding copies of {@code arrays}. */
        static Snapshot of(long steps, double[][]... arrays) {
            double[][][] copies = new double[arrays.length][][];
            for (int i = 0; i < arrays.length; i++) {
                copies[i] = State.copy(arrays[i]);
            }
            return new Snapshot(steps, copies);
        }

        /** A copy of array {@code i}, for the optimizer to own. */
        double[][] array(int i) {
            return State.copy(arrays[i]);
        }
    }

    /** A copy of this optimizer's state, for a checkpoint. */
    default Snapshot snapshot() {
        return new Snapshot(0, new double[0][][]);
    }

    /** Puts back a state {@link #snapshot()} took, from an optimizer of the same kind. */
    default void restore(Snapshot snapshot) {
    }

    /** Creates the optimizer a spec describes. */
    static Optimizer create(OptimizerSpec spec) {
        return switch (spec.type()) {
            case SGD -> new Sgd();
            case MOMENTUM -> new Momentum(spec.momentum(), false);
            case NESTEROV -> new Momentum(spec.momentum(), true);
            case ADAM -> new Adam(spec.beta1(), spec.beta2(), spec.epsilon());
            case RMSPROP -> new RmsProp(spec.rho(), spec.epsilon());
            case ADAGRAD -> new AdaGrad(spec.epsilon());
        };
    }

    /** w -= lr g. */
    final class Sgd implements Optimizer {
        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            for (Parameter p : parameters) {
                double[] w = p.value();
                double[] g = p.grad();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= learningRate * g[i];
                }
            }
        }
    }

    /**
     * Classical momentum: v = μ v - lr g; w += v. Nesterov (in the form of Sutskever et al.):
     * w += -μ v_old + (1 + μ) v, which evaluates the gradient at the look-ahead point.
     */
    final class Momentum implements Optimizer {
        private final double mu;
        private final boolean nesterov;
        private double[][] velocity;

        Momentum(double mu, boolean nesterov) {
            this.mu = mu;
            this.nesterov = nesterov;
        }

        @Override
        public Snapshot snapshot() {
            return Snapshot.of(0, velocity);
        }

        @Override
        public void restore(Snapshot snapshot) {
            velocity = snapshot.array(0);
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            velocity = State.ensure(velocity, parameters);
            for (int k = 0; k < parameters.size(); k++) {
                double[] w = parameters.get(k).value();
                double[] g = parameters.get(k).grad();
                double[] v = velocity[k];
                for (int i = 0; i < w.length; i++) {
                    double old = v[i];
                    v[i] = mu * old - learningRate * g[i];
                    w[i] += nesterov ? -mu * old + (1.0 + mu) * v[i] : v[i];
                }
            }
        }
    }

    /** Adam: bias-corrected first and second moment estimates (Kingma and Ba). */
    final class Adam implements Optimizer {
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        private double[][] m;
        private double[][] v;
        private long t;

        Adam(double beta1, double beta2, double epsilon) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
        }

        @Override
        public Snapshot snapshot() {
            return Snapshot.of(t, m, v);
        }

        @Override
        public void restore(Snapshot snapshot) {
            t = snapshot.steps();
            m = snapshot.array(0);
            v = snapshot.array(1);
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            m = State.ensure(m, parameters);
            v = State.ensure(v, parameters);
            t++;
            double c1 = 1.0 - Math.pow(beta1, t);
            double c2 = 1.0 - Math.pow(beta2, t);
            for (int k = 0; k < parameters.size(); k++) {
                double[] w = parameters.get(k).value();
                double[] g = parameters.get(k).grad();
                double[] mk = m[k];
                double[] vk = v[k];
                for (int i = 0; i < w.length; i++) {
                    mk[i] = beta1 * mk[i] + (1.0 - beta1) * g[i];
                    vk[i] = beta2 * vk[i] + (1.0 - beta2) * g[i] * g[i];
                    w[i] -= learningRate * (mk[i] / c1) / (Math.sqrt(vk[i] / c2) + epsilon);
                }
            }
        }
    }

    /** RMSProp: s = ρ s + (1 - ρ) g²; w -= lr g / (√s + ε). */
    final class RmsProp implements Optimizer {
        private final double rho;
        private final double epsilon;
        private double[][] s;

        RmsProp(double rho, double epsilon) {
            this.rho = rho;
            this.epsilon = epsilon;
        }

        @Override
        public Snapshot snapshot() {
            return Snapshot.of(0, s);
        }

        @Override
        public void restore(Snapshot snapshot) {
            s = snapshot.array(0);
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            s = State.ensure(s, parameters);
            for (int k = 0; k < parameters.size(); k++) {
                double[] w = parameters.get(k).value();
                double[] g = parameters.get(k).grad();
                double[] sk = s[k];
                for (int i = 0; i < w.length; i++) {
                    sk[i] = rho * sk[i] + (1.0 - rho) * g[i] * g[i];
                    w[i] -= learningRate * g[i] / (Math.sqrt(sk[i]) + epsilon);
                }
            }
        }
    }

    /** AdaGrad: s += g²; w -= lr g / (√s + ε). */
    final class AdaGrad implements Optimizer {
        private final double epsilon;
        private double[][] s;

        AdaGrad(double epsilon) {
            this.epsilon = epsilon;
        }

        @Override
        public Snapshot snapshot() {
            return Snapshot.of(0, s);
        }

        @Override
        public void restore(Snapshot snapshot) {
            s = snapshot.array(0);
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            s = State.ensure(s, parameters);
            for (int k = 0; k < parameters.size(); k++) {
                double[] w = parameters.get(k).value();
                double[] g = parameters.get(k).grad();
                double[] sk = s[k];
                for (int i = 0; i < w.length; i++) {
                    sk[i] += g[i] * g[i];
                    w[i] -= learningRate * g[i] / (Math.sqrt(sk[i]) + epsilon);
                }
            }
        }
    }

    /** Per-parameter state arrays, allocated on the first step. */
    final class State {
        private State() {
        }

        /** A deep copy; null stays null (no step taken yet). */
        static double[][] copy(double[][] state) {
            if (state == null) {
                return null;
            }
            double[][] copy = new double[state.length][];
            for (int k = 0; k < state.length; k++) {
                copy[k] = state[k].clone();
            }
            return copy;
        }

        static double[][] ensure(double[][] state, List<Parameter> parameters) {
            if (state != null) {
                return state;
            }
            double[][] fresh = new double[parameters.size()][];
            for (int k = 0; k < fresh.length; k++) {
                fresh[k] = new double[parameters.get(k).size()];
            }
            return fresh;
        }
    }
}
