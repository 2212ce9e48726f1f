package dev.backprop.dataset;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects class labels row by row and numbers them in a stable order: numerically when every label
 * is an integer ("2" before "10"), otherwise lexicographically. The order does not depend on the order
 * of the rows, so the same labels always get the same indices.
 */
final class LabelEncoder {

    private final Map<String, Integer> firstSeen = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private int[] rowIds = new int[64];
    private int rows;

    /** Adds one row's label; returns the number of distinct labels so far. */
    int add(String label) {
        Integer id = firstSeen.get(label);
        if (id == null) {
            id = labels.size();
            firstSeen.put(label, id);
            labels.add(label);
        }
        if (rows == rowIds.length) {
            rowIds = Arrays.copyOf(rowIds, rowIds.length * 2);
        }
        rowIds[rows++] = id;
        return labels.size();
    }

    /** Adds a row without a label: NaN among the encoded rows. */
    void addMissing() {
        if (rows == rowIds.length) {
            rowIds = Arrays.copyOf(rowIds, rowIds.length * 2);
        }
        rowIds[rows++] = -1;
    }

    int distinct() {
        return labels.size();
    }

    /** The labels in their final order. */
    List<String> labels() {
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(order(sorted));
        return sorted;
    }

    /** Each row's index into {@link #labels()}, as doubles for the target matrix. */
    double[] encodedRows() {
        List<String> sorted = labels();
        int[] remap = new int[labels.size()];
        for (int i = 0; i < sorted.size(); i++) {
            remap[firstSeen.get(sorted.get(i))] = i;
        }
        double[] encoded = new double[rows];
        for (int r = 0; r < rows; r++) {
            encoded[r] = rowIds[r] < 0 ? Double.NaN : remap[rowIds[r]];
        }
        return encoded;
    }

    /** Numerically when every label is an integer, else by text. */
    static Comparator<String> order(List<String> labels) {
        for (String label : labels) {
            if (!isInteger(label)) {
                return Comparator.naturalOrder();
            }
        }
        return Comparator.<String, BigInteger>comparing(BigInteger::new).thenComparing(Comparator.naturalOrder());
    }

    static boolean isInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 40) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
