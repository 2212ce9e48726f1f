package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Violation;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class CsvDatasetReaderTests {

    private final DatasetProperties limits = new DatasetProperties(DataSize.ofMegabytes(1), 100, 3, 4, 4, 1000,
            DataSize.ofKilobytes(4));

    private TrainingData read(String csv, List<String> targets, Task task) {
        return new CsvDatasetReader(limits).read(new StringReader(csv), targets, task, ',', Map.of(),
                ColumnKinds.DEFAULT_MISSING).data();
    }

    private List<Violation> violations(String csv, List<String> targets, Task task) {
        try {
            read(csv, targets, task);
        } catch (InvalidRequestException e) {
            return e.violations();
        }
        throw new AssertionError("expected the CSV to be refused");
    }

    @Test
    void integerTargetsMakeClassesOrderedNumerically() {
        TrainingData table = read("a,y\n1,10\n2,2\n3,10\n4,-1\n", List.of(), null);
        assertThat(table.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(table.labels()).containsExactly("-1", "2", "10");
        assertThat(table.targets()).containsExactly(2, 1, 2, 0);
    }

    @Test
    void fractionalTargetsMakeARegression() {
        TrainingData table = read("a,y\n1,0.5\n2,2\n", List.of(), null);
        assertThat(table.task()).isEqualTo(Task.REGRESSION);
        assertThat(table.targets()).containsExactly(0.5, 2);
    }

    @Test
    void integerTargetsWithMoreValuesThanClassesAllowedMakeARegression() {
        TrainingData table = read("a,y\n1,1\n2,2\n3,3\n4,4\n5,5\n", List.of(), null);
        assertThat(table.task()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void textTargetsWithTooManyLabelsAreRefused() {
        assertThat(violations("a,y\n1,a\n2,b\n3,c\n4,d\n5,e\n", List.of(), null))
                .extracting(Violation::message)
                .containsExactly("column 'y' has more than 4 distinct labels, the configured limit for classes");
    }

    @Test
    void severalTargetsMakeARegressionAndCannotBeClasses() {
        TrainingData table = read("y1,a,y2\n1,2,3\n4,5,6\n", List.of("y1", "y2"), null);
        assertThat(table.task()).isEqualTo(Task.REGRESSION);
        assertThat(table.featureNames()).containsExactly("a");
        assertThat(table.targets()).containsExactly(1, 3, 4, 6);
        assertThat(violations("y1,a,y2\n1,2,3\n", List.of("y1", "y2"), Task.CLASSIFICATION))
                .extracting(Violation::field).containsExactly("target");
    }

    @Test
    void explicitClassificationTakesNumbersAsLabels() {
        TrainingData table = read("a,y\n1,0.5\n2,1.5\n", List.of("y"), Task.CLASSIFICATION);
        assertThat(table.labels()).containsExactly("0.5", "1.5");
    }

    @Test
    void explicitRegressionRefusesTextTargets() {
        assertThat(violations("a,y\n1,cat\n", List.of("y"), Task.REGRESSION))
                .containsExactly(Violation.atCell(1, "y", "'cat' is not a number"));
    }

    @Test
    void declaredNumberColumnsRefuseNonFiniteAndJavaOnlyFormsOncePerColumn() {
        String csv = "a,b,c,y\nNaN,Infinity,1e999,1\n0x1p3,1d,-1e-3,1\n";
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> new CsvDatasetReader(limits)
                .read(new StringReader(csv), List.of(), null, ',', Map.of("a", ColumnKind.NUMBER, "b", ColumnKind.NUMBER,
                        "c", ColumnKind.NUMBER), ColumnKinds.DEFAULT_MISSING));
        // NaN is a missing marker; the rest is text in a number column
        assertThat(e.violations()).extracting(Violation::message).containsExactly(
                "column 'a' is declared NUMBER but holds text in 1 row: row 2 '0x1p3'; if a marker means a missing"
                        + " value, list it in missingValues",
                "column 'b' is declared NUMBER but holds text in 2 rows: row 1 'Infinity', row 2 '1d'; if a marker"
                        + " means a missing value, list it in missingValues",
                "column 'c' is declared NUMBER but holds text in 1 row: row 1 '1e999'; if a marker means a missing"
                        + " value, list it in missingValues");
        assertThat(e.violations()).extracting(Violation::column).containsExactly("a", "b", "c");
    }

    @Test
    void inferredColumnsOfNumbersAndTextAreCategoriesWithTheNumbersInTheirShortestForm() {
        TrainingData table = read("a,b,y\n1,NA,1\n2.50,x,2\nlow,,1\n1,3,2\n", List.of(), null);
        assertThat(table.levels().get(0)).containsExactly("1", "2.5", "low");
        assertThat(table.features()).containsExactly(0, Double.NaN, 1, 1, 2, Double.NaN, 0, 0);
        assertThat(table.levels().get(1)).containsExactly("3", "x");
    }

    @Test
    void readsOtherDelimitersAndSkipsBlankLines() {
        TrainingData table = new CsvDatasetReader(limits).read(new StringReader("a;y\n\n1.5;x\n\n2;z\n"), List.of(),
                null, ';', Map.of(), ColumnKinds.DEFAULT_MISSING).data();
        assertThat(table.rows()).isEqualTo(2);
        assertThat(violations("a;y\n1;x\n", List.of(), null)).extracting(Violation::message)
                .containsExactly("the CSV has no feature columns besides the target [a;y];"
                        + " is the delimiter ';'? Set the delimiter parameter");
    }

    @Test
    void explainsEmptyFilesAndBadHeaders() {
        assertThat(violations("", List.of(), null)).extracting(Violation::message)
                .containsExactly("the CSV is empty; it needs a header row naming its columns");
        assertThat(violations("a,y\n", List.of(), null)).extracting(Violation::message)
                .containsExactly("the CSV has a header but no data rows");
        assertThat(violations("a,a,y\n1,2,3\n", List.of(), null)).extracting(Violation::message)
                .allMatch(m -> m.startsWith("the CSV header is invalid"));
        assertThat(violations("y\n1\n", List.of(), null)).extracting(Violation::message)
                .containsExactly("the CSV has no feature columns besides the target [y]");
        assertThat(violations("a,b,c,d,y\n1,2,3,4,5\n", List.of(), null)).extracting(Violation::message)
                .containsExactly("the CSV has 4 feature columns; at most 3 are allowed");
    }

    @Test
    void reportsUnbalancedQuotes() {
        assertThat(violations("a,y\n1,\"open\n", List.of(), null)).extracting(Violation::message)
                .allMatch(m -> m.startsWith("the CSV cannot be parsed"));
    }

    @Test
    void stopsAtTheRowLimit() {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < 101; i++) {
            csv.append(i).append(",1\n");
        }
        assertThatThrownBy(() -> read(csv.toString(), List.of(), null))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("The CSV has more than 100 rows, the configured limit");
    }

    @Test
    void anInferredCategoryWritesANumberOneWayBeforeAndAfterItsFirstText() {
        TrainingData table = read("a,y\n1.50,p\nx,q\n1.5,p\n2007.0,q\n2007,p\n", List.of(), null);
        assertThat(table.levels().get(0)).containsExactly("1.5", "2007", "x");
        assertThat(table.features()).containsExactly(0, 2, 0, 1, 1);
        // a declared category keeps its text as written
        TrainingData declared = new CsvDatasetReader(limits).read(new StringReader("a,y\n1.50,p\n1.5,q\n"), List.of(),
                null, ',', Map.of("a", ColumnKind.CATEGORY), ColumnKinds.DEFAULT_MISSING).data();
        assertThat(declared.levels().get(0)).containsExactly("1.5", "1.50");
    }

    @Test
    void emptyCellsAndEveryDefaultMarkerAreMissingAndOtherTextIsNot() {
        TrainingData table = read("a,b,y\n1,,p\nNA,N/A,q\nNaN,null,p\nNULL,x,q\nna,2,p\n", List.of(), null);
        // 'na' is none of the markers: column a holds text, so it is a category with its numbers as levels
        assertThat(table.levels().get(0)).containsExactly("1", "na");
        assertThat(table.features()).containsExactly(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 1, 1, 0);
        assertThat(table.levels().get(1)).containsExactly("2", "x");
        TrainingData markers = new CsvDatasetReader(limits).read(new StringReader("a,y\n?,p\nNA,q\n1,p\n"), List.of(),
                null, ',', Map.of(), ColumnKinds.missingValues(List.of("?"))).data();
        assertThat(markers.levels().get(0)).containsExactly("1", "NA");
        assertThat(markers.features()[0]).isNaN();
    }

    @Test
    void listsTheFirstProblemsAndCountsThemAll() {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < 90; i++) {
            csv.append("1,2,3\n");
        }
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> read(csv.toString(), List.of(), null));
        assertThat(e.violations()).hasSize(Violations.MAX);
        assertThat(e.total()).isEqualTo(90);
    }
}
