package dev.backprop.training;

/** How a search draws its trials from its space. */
enum SearchStrategy {
    /** Every combination of the space's values, in the order of the field paths' names. */
    GRID,
    /** Independent draws from the space, from the search's seed. */
    RANDOM
}
