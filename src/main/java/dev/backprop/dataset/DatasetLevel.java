package dev.backprop.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One level of a category column; {@code column} is the column's position among the dataset's features. */
@Embeddable
class DatasetLevel {

    @Column(name = "col_index", nullable = false)
    private int column;

    @Column(name = "label", nullable = false, length = 200)
    private String label;

    @Column(name = "row_count", nullable = false)
    private int rowCount;

    protected DatasetLevel() {
    }

    DatasetLevel(int column, String label, int rowCount) {
        this.column = column;
        this.label = label;
        this.rowCount = rowCount;
    }

    int column() {
        return column;
    }

    String label() {
        return label;
    }

    int rowCount() {
        return rowCount;
    }
}
