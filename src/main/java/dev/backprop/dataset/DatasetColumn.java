package dev.backprop.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * One column of a dataset, feature or target, with statistics over its present values; a feature's
 * kind (NUMBER or CATEGORY), or IGNORED when the upload left it out (no values, no statistics).
 */
@Embeddable
class DatasetColumn {

    enum Role { FEATURE, TARGET, IGNORED }

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 10)
    private Role role;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    @Column(name = "min_value")
    private Double min;

    @Column(name = "max_value")
    private Double max;

    @Column(name = "mean_value")
    private Double mean;

    @Column(name = "std_value")
    private Double std;

    /** A feature's kind; null for targets and ignored columns. */
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 10)
    private ColumnKind kind;

    @Column(name = "missing_count", nullable = false)
    private int missingCount;

    /** Whether every present value differs from the others (integers, for a number column). */
    @Column(name = "identifier", nullable = false)
    private boolean identifier;

    protected DatasetColumn() {
    }

    DatasetColumn(Role role, String name, ColumnKind kind, int missingCount, Double min, Double max, Double mean,
            Double std) {
        this(role, name, kind, missingCount, min, max, mean, std, false);
    }

    DatasetColumn(Role role, String name, ColumnKind kind, int missingCount, Double min, Double max, Double mean,
            Double std, boolean identifier) {
        this.identifier = identifier;
        this.role = role;
        this.name = name;
        this.kind = kind;
        this.missingCount = missingCount;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.std = std;
    }

    ColumnKind kind() {
        return kind;
    }

    int missingCount() {
        return missingCount;
    }

    boolean identifier() {
        return identifier;
    }

    Role role() {
        return role;
    }

    String name() {
        return name;
    }

    Double min() {
        return min;
    }

    Double max() {
        return max;
    }

    Double mean() {
        return mean;
    }

    Double std() {
        return std;
    }
}
