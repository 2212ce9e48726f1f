package dev.backprop.dataset;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.LimitedInputStream;
import dev.backprop.system.PageResponse;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Text;
import dev.backprop.system.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping(path = "/api/v1/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Datasets", description = "Training data: inline JSON, CSV uploads and seeded generators")
class DatasetController {

    /** The {@code kind} parameter of both CSV endpoints. */
    private static final String KIND_DESCRIPTION = "A feature column's kind, as name:KIND with KIND one of NUMBER,"
            + " CATEGORY or IGNORE (left out of the dataset); repeat it for several columns. Columns not named are"
            + " inferred: numbers when every present value is one, categories otherwise";

    /** The {@code missingValue} parameter of both CSV endpoints. */
    private static final String MISSING_VALUE_DESCRIPTION = "A cell that means a missing value, besides an empty one;"
            + " repeat it for several. Default: NA, N/A, NaN, null and NULL; given, it replaces them";

    static final String TEXT_CSV = "text/csv";

    private final DatasetService service;
    private final DatasetProperties properties;

    DatasetController(DatasetService service, DatasetProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDataset", summary = "Create a dataset from JSON or a generator",
            description = """
                    Send either `features` (one array per row: numbers, text for categories, null for a missing \
                    value) and `targets` (one per row; null for a row without one), or a `generator`. Each \
                    feature column is a NUMBER or a CATEGORY, inferred or declared in `columnKinds` (IGNORE \
                    leaves it out). Strings and integers as targets make a classification dataset, other numbers \
                    and arrays of numbers a regression dataset; set `task` when integers are regression targets. \
                    Generators are deterministic by seed: moons and circles draw exactly as scikit-learn's \
                    make_moons and make_circles with the same seed. Every problem found comes back at once in \
                    one 400; nothing is stored unless the whole dataset is valid.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = CreateDatasetRequest.class),
            examples = {
                    @ExampleObject(name = "moons", summary = "200 moons points, Britz's data (seed 0, noise 0.2)",
                            value = """
                                    {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}"""),
                    @ExampleObject(name = "xor", summary = "XOR truth table, classes 0 and 1",
                            value = """
                                    {"name": "xor", "featureNames": ["a", "b"], "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [0,1,1,0]}"""),
                    @ExampleObject(name = "regression", summary = "Two regression targets per row",
                            value = """
                                    {"name": "sums", "features": [[1,2],[3,4],[5,6]], "targets": [[3,2],[7,12],[11,30]], "targetNames": ["sum", "product"]}"""),
                    @ExampleObject(name = "spirals", summary = "Three interleaved spirals",
                            value = """
                                    {"name": "spirals", "generator": {"type": "spirals", "samples": 300, "classes": 3, "seed": 7}}""")
            }))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new dataset",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = DatasetSummary.class),
                    examples = @ExampleObject(name = "moons", value = """
                            {"id": "4b6534d9-0a32-48be-af84-90f27753c83a", "name": "moons", "task": "CLASSIFICATION",
                             "source": "GENERATOR", "rows": 200,
                             "features": [{"name": "x1", "min": -1.3546, "max": 2.2554, "mean": 0.4859, "std": 0.8968},
                                          {"name": "x2", "min": -0.9321, "max": 1.3416, "mean": 0.2589, "std": 0.5301}],
                             "targets": [{"name": "label"}],
                             "classes": [{"label": "0", "count": 100}, {"label": "1", "count": 100}],
                             "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0},
                             "createdAt": "2026-11-23T19:43:37.749637Z"}""")))
    @ApiResponse(responseCode = "400", description = "Invalid request; errors lists every field at fault",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    examples = @ExampleObject(name = "problems", value = """
                            {"type": "about:blank", "title": "Invalid request", "status": 400,
                             "detail": "2 problems in the request; see errors", "instance": "/api/v1/datasets",
                             "errors": [{"field": "features[1]", "message": "has 1 values, expected 2"},
                                        {"field": "targets[0]", "message": "1.5 is not a class label; classification takes strings or integers (set task to REGRESSION for numeric targets)"}]}""")))
    @ApiResponse(responseCode = "413", description = "More rows than the configured limit")
    ResponseEntity<DatasetSummary> create(@Valid @RequestBody CreateDatasetRequest request) {
        return created(service.create(request));
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(path = "/csv", consumes = TEXT_CSV)
    @Operation(operationId = "createDatasetFromCsv", summary = "Create a dataset from a CSV body",
            description = """
                    The body is CSV text (UTF-8) with a header row. `target` names the target column (repeat it \
                    for several regression targets; default: the last column); every other column is a feature: \
                    a NUMBER when every present cell is a number, a CATEGORY otherwise, or as declared with \
                    `kind=name:KIND` (IGNORE leaves it out). Empty cells and the missing markers (NA, N/A, NaN, \
                    null, NULL, or those `missingValue` names) are missing values; a row without its target is \
                    kept and trains nothing. Quoted fields are allowed. A row of the wrong width is refused with \
                    its row (1 = the first row after the header); a declared NUMBER column holding text once, \
                    with the count and the first rows.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = TEXT_CSV,
            schema = @Schema(type = "string"),
            examples = @ExampleObject(name = "xor", value = "a,b,label\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n")))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new dataset")
    @ApiResponse(responseCode = "400", description = "Invalid CSV; errors name the row and column at fault")
    @ApiResponse(responseCode = "413", description = "Larger than the configured upload, row or value limits")
    ResponseEntity<DatasetSummary> createFromCsvBody(
            @Parameter(description = "A name for the dataset", example = "xor-csv") @RequestParam @NotBlank @Size(max = 200)
            @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) String name,
            @Parameter(description = "Free text") @RequestParam(required = false) @Size(max = 2000) String description,
            @Parameter(description = "Target column name(s); default the last column",
                    array = @ArraySchema(schema = @Schema(type = "string", example = "label")))
            @RequestParam(name = "target", required = false) String[] target,
            @Parameter(description = "CLASSIFICATION or REGRESSION; default inferred from the target values")
            @RequestParam(required = false) Task task,
            @Parameter(description = "Field delimiter, one character; default a comma", example = ",")
            @RequestParam(required = false) String delimiter,
            @Parameter(description = KIND_DESCRIPTION,
                    array = @ArraySchema(schema = @Schema(type = "string", example = "island:CATEGORY")))
            @RequestParam(name = "kind", required = false) String[] kind,
            @Parameter(description = MISSING_VALUE_DESCRIPTION,
                    array = @ArraySchema(schema = @Schema(type = "string", example = "NA")))
            @RequestParam(name = "missingValue", required = false) String[] missingValue,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.CONTENT_LENGTH, required = false) Long contentLength,
            @Parameter(hidden = true) InputStream body) {
        long limit = properties.maxUploadSize().toBytes();
        if (contentLength != null && contentLength > limit) {
            throw tooLarge(limit);
        }
        var limited = new LimitedInputStream(body, limit, tooLarge(limit).getMessage());
        var reader = new BufferedReader(new InputStreamReader(limited, StandardCharsets.UTF_8));
        return created(service.createFromCsv(name, description, reader, targets(target), task, delimiter(delimiter),
                kinds(kind), missingValue == null ? null : List.of(missingValue)));
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDatasetCsv", summary = "Create a dataset from an uploaded CSV file",
            description = """
                    A multipart upload with the CSV in the part `file`; the other fields are as for a CSV body. \
                    Without `name` the dataset takes the file's name.""")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new dataset")
    @ApiResponse(responseCode = "400", description = "Invalid CSV; errors name the row and column at fault")
    @ApiResponse(responseCode = "413", description = "Larger than the configured upload, row or value limits")
    ResponseEntity<DatasetSummary> createFromCsvFile(
            @Parameter(description = "The CSV file, with a header row") @RequestPart("file") MultipartFile file,
            @Parameter(description = "A name for the dataset; default the file name") @RequestParam(required = false)
            @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) String name,
            @Parameter(description = "Free text") @RequestParam(required = false) @Size(max = 2000) String description,
            @Parameter(description = "Target column name(s); default the last column")
            @RequestParam(name = "target", required = false) String[] target,
            @Parameter(description = "CLASSIFICATION or REGRESSION; default inferred from the target values")
            @RequestParam(required = false) Task task,
            @Parameter(description = KIND_DESCRIPTION,
                    array = @ArraySchema(schema = @Schema(type = "string", example = "island:CATEGORY")))
            @RequestParam(name = "kind", required = false) String[] kind,
            @Parameter(description = MISSING_VALUE_DESCRIPTION,
                    array = @ArraySchema(schema = @Schema(type = "string", example = "NA")))
            @RequestParam(name = "missingValue", required = false) String[] missingValue,
            @Parameter(description = "Field delimiter, one character; default a comma") @RequestParam(required = false) String delimiter)
            throws IOException {
        long limit = properties.maxUploadSize().toBytes();
        if (file.getSize() > limit) {
            throw tooLarge(limit);
        }
        if (name != null && name.isBlank()) {
            throw new InvalidRequestException("name", "must not be blank; leave it out to use the file's name");
        }
        String datasetName = name != null ? name : fileName(file);
        try (var reader = new BufferedReader(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8))) {
            return created(service.createFromCsv(datasetName, description, reader, targets(target), task,
                    delimiter(delimiter), kinds(kind), missingValue == null ? null : List.of(missingValue)));
        }
    }

    @RequiresRole(Role.READ)
    @GetMapping
    @Operation(operationId = "listDatasets", summary = "List datasets", description = "Newest first, paged; each entry is the dataset's summary.")
    PageResponse<DatasetSummary> list(
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "Entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return service.list(page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getDataset", summary = "Get a dataset's summary",
            description = "Rows and rows without a target, task, each feature's kind and missing count with min/max/mean/std"
                    + " (numbers) or its most frequent levels (categories), ignored columns, and for classification each"
                    + " class with its row count.")
    @ApiResponse(responseCode = "200", description = "The summary")
    DatasetSummary get(@PathVariable UUID id) {
        return service.get(id);
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{id}/rows")
    @Operation(operationId = "listDatasetRows", summary = "Read a dataset's rows", description = "Paged, in stored order; each row has its features and its label or targets.")
    @ApiResponse(responseCode = "200", description = "One page of rows")
    PageResponse<DatasetRow> rows(@PathVariable UUID id,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "Rows per page, 1 to 1000") @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return service.rows(id, page, size);
    }

    @RequiresRole(Role.READ)
    @GetMapping(value = "/{id}/csv", produces = TEXT_CSV)
    @Operation(operationId = "downloadDatasetCsv", summary = "Download a dataset as CSV",
            description = "A header row, then every row: features, then the label or targets. Numbers are written so they read back bit for bit;"
                    + " a name or label a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe, which an upload removes.")
    @ApiResponse(responseCode = "200", description = "The CSV file, named after the dataset",
            content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string", description = "CSV text, UTF-8",
                    example = "a,b,label\n0,0,no\n0,1,yes\n")))
    ResponseEntity<StreamingResponseBody> csv(@PathVariable UUID id) {
        TrainingData table = service.load(id);
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
            List<String> header = new ArrayList<>(table.featureNames());
            header.addAll(table.targetNames());
            printer.printRecord(header.stream().map(CsvCells::escape).toList());
            writeRows(printer, table);
            printer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName(service.columns(id).map(DatasetColumns::name).orElse(id.toString())),
                                StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    @RequiresRole(Role.ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset", description = "Removes the dataset and all its rows.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }

    /** Numbers so they read back bit for bit, categories and labels as text, a missing value as an empty cell. */
    private static void writeRows(CSVPrinter printer, TrainingData table) throws IOException {
        int width = table.featureCount();
        int count = table.targetCount();
        double[] features = table.features();
        double[] targets = table.targets();
        boolean classification = table.task() == Task.CLASSIFICATION;
        for (int r = 0; r < table.rows(); r++) {
            for (int c = 0; c < width; c++) {
                double v = features[r * width + c];
                List<String> levels = table.levels().get(c);
                printer.print(Double.isNaN(v) ? "" : levels != null ? CsvCells.escape(levels.get((int) v))
                        : Double.toString(v));
            }
            for (int t = 0; t < count; t++) {
                double v = targets[r * count + t];
                printer.print(Double.isNaN(v) ? "" : classification ? CsvCells.escape(table.labels().get((int) v))
                        : Double.toString(v));
            }
            printer.println();
        }
    }

    private static ResponseEntity<DatasetSummary> created(DatasetSummary summary) {
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + summary.id())).body(summary);
    }

    /** The target parameters as sent: none means the last column; an empty or repeated one is refused. */
    private static List<String> targets(String[] target) {
        if (target == null) {
            return List.of();
        }
        List<String> targets = List.of(target);
        // Spring splits target= into no values at all
        if (targets.isEmpty() || targets.stream().anyMatch(String::isBlank)) {
            throw new InvalidRequestException("target", "is empty; name a column of the header, or leave target out"
                    + " for the last column");
        }
        for (int i = 0; i < targets.size(); i++) {
            if (targets.indexOf(targets.get(i)) < i) {
                throw new InvalidRequestException("target", "names column '" + targets.get(i) + "' twice");
            }
        }
        return targets;
    }

    /** The kind parameters, name:KIND each; the name is everything before the last colon. */
    private static Map<String, ColumnKind> kinds(String[] kind) {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        if (kind == null) {
            return kinds;
        }
        List<Violation> problems = new ArrayList<>();
        for (String entry : kind) {
            int colon = entry.lastIndexOf(':');
            ColumnKind parsed = null;
            if (colon > 0) {
                String name = entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
                for (ColumnKind k : ColumnKind.values()) {
                    if (k.name().equals(name)) {
                        parsed = k;
                    }
                }
            }
            if (parsed == null) {
                problems.add(Violation.of("kind", "'" + entry + "' is not name:KIND with KIND one of NUMBER, CATEGORY"
                        + " or IGNORE"));
            } else if (kinds.put(entry.substring(0, colon), parsed) != null) {
                problems.add(Violation.of("kind", "names column '" + entry.substring(0, colon) + "' twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return kinds;
    }

    /** The delimiter parameter: a comma when left out; given, one character. */
    private static char delimiter(String delimiter) {
        if (delimiter == null) {
            return ',';
        }
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n'
                || delimiter.charAt(0) == '\r') {
            throw new InvalidRequestException("delimiter", "must be one character other than a quote or a line break");
        }
        return delimiter.charAt(0);
    }

    /** The download's file name: the dataset's name, without path separators, as a .csv. */
    private static String fileName(String name) {
        return name.replaceAll("[/\\\\]", "_") + ".csv";
    }

    private static String fileName(MultipartFile file) {
        String original = file.getOriginalFilename();
        if (original == null || original.isBlank()) {
            return "upload";
        }
        // a file name is the client's text too: control characters are dropped from the name it gives
        String base = original.replaceAll("^.*[/\\\\]", "").replaceAll("\\.csv$", "").replaceAll("\\p{Cc}", "");
        base = base.isBlank() ? "upload" : base;
        return base.length() > 200 ? base.substring(0, 200) : base;
    }

    private PayloadTooLargeException tooLarge(long limit) {
        return new PayloadTooLargeException("The upload is larger than " + limit
                + " bytes, the configured limit (backprop.datasets.max-upload-size)");
    }
}
