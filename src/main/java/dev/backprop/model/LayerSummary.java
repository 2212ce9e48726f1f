package dev.backprop.model;

import dev.backprop.engine.Activation;

/** One layer of a stored model: its width, activation, whether it adds a bias, its training dropout. */
public record LayerSummary(int units, Activation activation, boolean bias, double dropout) {
}
