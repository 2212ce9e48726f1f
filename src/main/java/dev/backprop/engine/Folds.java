package dev.backprop.engine;

import java.util.Arrays;

/**
 * K-fold cross-validation: every row that has its target is dealt to one of {@code count} folds,
 * drawn from a seed, so that each fold in turn is held out while the others train. For classes the
 * folds are stratified: each class's rows, in a seeded order, are dealt round the folds one after
 * another, the next class going on where the last one stopped, so every fold holds each class in
 * its share (within a row) and the folds' sizes differ by at most one.
 *
 * @param count how many folds, at least 2
 * @param index the fold held out, in [0, count)
 * @param seed draws the assignment; the same seed and data give the same folds
 */
public record Folds(int count, int index, long seed) {

    public Folds {
        if (count < 2) {
            throw new IllegalArgumentException("k-fold cross-validation needs at least 2 folds, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("fold " + index + " is not one of " + count);
        }
    }

    /** Each row's fold, -1 for a row without its target (it neither trains nor validates). */
    public int[] assign(TrainingData data) {
        int[] labelled = ModelTrainer.labelledRows(data);
        if (labelled.length < count) {
            throw new IllegalArgumentException(count + " folds need at least " + count + " rows with their target, the"
                    + " data has " + labelled.length);
        }
        int[] fold = new int[data.rows()];
        Arrays.fill(fold, -1);
        RandomState random = new RandomState(seed & RandomState.MAX_SEED);
        int next = 0;
        if (data.task() == Task.CLASSIFICATION) {
            int classes = data.labels().size();
            int[][] byClass = new int[classes][];
            int[] sizes = new int[classes];
            for (int row : labelled) {
                sizes[(int) data.targets()[row]]++;
            }
            for (int c = 0; c < classes; c++) {
                byClass[c] = new int[sizes[c]];
                sizes[c] = 0;
            }
            for (int row : labelled) {
                int c = (int) data.targets()[row];
                byClass[c][sizes[c]++] = row;
            }
            for (int[] rows : byClass) {
                int[] order = random.permutation(rows.length);
                for (int i : order) {
                    fold[rows[i]] = next;
                    next = next + 1 == count ? 0 : next + 1;
                }
            }
        } else {
            for (int i : random.permutation(labelled.length)) {
                fold[labelled[i]] = next;
                next = next + 1 == count ? 0 : next + 1;
            }
        }
        return fold;
    }
}
