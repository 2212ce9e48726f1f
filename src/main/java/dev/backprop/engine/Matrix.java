package dev.backprop.engine;

import java.util.Arrays;

/**
 * A dense matrix of doubles stored row-major in one flat array: element (r, c) is
 * {@code data[r * cols + c]}. The array may be longer than {@code rows * cols} so that a buffer can
 * be {@link #reshape reshaped} to fewer rows (a short last batch) without reallocating.
 */
public final class Matrix {

    private int rows;
    private int cols;
    private double[] data;

    public Matrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} without copying; it must hold at least {@code rows * cols} values. */
    public Matrix(int rows, int cols, double[] data) {
        if (data.length < checkedSize(rows, cols)) {
            throw new IllegalArgumentException("data holds " + data.length + " values, need " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Copies a rectangular array. */
    public static Matrix of(double[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(values.length, cols);
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values, expected " + cols);
            }
            System.arraycopy(values[r], 0, m.data, r * cols, cols);
        }
        return m;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + rows + " x " + cols + " is too large");
        }
        return (int) size;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array, row-major; only the first {@code rows * cols} values belong to the matrix. */
    public double[] data() {
        return data;
    }

    public int size() {
        return rows * cols;
    }

    public double get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, double value) {
        data[r * cols + c] = value;
    }

    /** Changes the shape, keeping the array when it is large enough (values are then unspecified). */
    public void reshape(int rows, int cols) {
        int size = checkedSize(rows, cols);
        if (size > data.length) {
            data = new double[size];
        }
        this.rows = rows;
        this.cols = cols;
    }

    public void fill(double value) {
        Arrays.fill(data, 0, size(), value);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, Arrays.copyOf(data, size()));
    }

    /** Copies another matrix's shape and values into this one. */
    public void setTo(Matrix other) {
        reshape(other.rows, other.cols);
        System.arraycopy(other.data, 0, data, 0, other.size());
    }

    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return out;
    }

    public double[] row(int r) {
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + " x " + cols + "]";
    }
}
