package dev.backprop.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One class of a classification dataset and how many rows carry it. */
@Embeddable
class DatasetClass {

    @Column(name = "label", nullable = false, length = 200)
    private String label;

    @Column(name = "row_count", nullable = false)
    private int rowCount;

    protected DatasetClass() {
    }

    DatasetClass(String label, int rowCount) {
        this.label = label;
        this.rowCount = rowCount;
    }

    String label() {
        return label;
    }

    int rowCount() {
        return rowCount;
    }
}
