package dev.backprop.dataset;

import java.util.Arrays;

/** A growable primitive double array: parsing a large upload boxes nothing. */
final class DoubleArrayBuilder {

    private double[] values;
    private int size;

    DoubleArrayBuilder(int initialCapacity) {
        values = new double[Math.max(16, initialCapacity)];
    }

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, values.length + (values.length >> 1) + 16L));
        }
        values[size++] = value;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    double[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
