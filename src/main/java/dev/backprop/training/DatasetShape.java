package dev.backprop.training;

import dev.backprop.engine.Task;

/** What a training spec must fit: the dataset's task, rows, features, targets and classes. */
record DatasetShape(Task task, int rows, int features, int targets, int classes) {
}
