package dev.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Inputs;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One raw column a model takes, and what it makes of it: what fills a gap, and for a category the
 * levels it learnt (each one input) and what a missing value becomes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A column a model takes and its preprocessing, learnt from the training split")
public record ModelColumn(
        String name,
        @Schema(description = "NUMBER or CATEGORY") String kind,
        @Schema(description = "Numbers: the value a missing one takes; absent when the model refuses gaps") Double fill,
        @Schema(description = "Numbers: whether an input of its own says the value was missing") Boolean missingIndicator,
        @Schema(description = "Categories: the levels seen in training with an input each; any other value sets none")
        List<String> levels,
        @Schema(description = "Categories: levels seen in fewer training rows than minLevelRows, sharing one input")
        List<String> rareLevels,
        @Schema(description = "Categories: what a missing value becomes: MISSING_INPUT (an input of its own), a level,"
                + " or NONE (no input, as an unseen level)") String missing) {

    static List<ModelColumn> of(Inputs inputs) {
        return inputs.columns().stream().map(ModelColumn::of).toList();
    }

    private static ModelColumn of(Inputs.Column column) {
        return switch (column) {
            case Inputs.Number n -> new ModelColumn(n.name(), "NUMBER", n.imputes() ? n.fill() : null,
                    n.indicator(), null, null, null);
            case Inputs.Category c -> new ModelColumn(c.name(), "CATEGORY", null, null,
                    c.levels().subList(0, c.kept()),
                    c.rare() > 0 ? c.levels().subList(c.kept(), c.levels().size()) : null,
                    c.missingInput() ? "MISSING_INPUT" : c.fillLevel() >= 0 ? c.levels().get(c.fillLevel()) : "NONE");
        };
    }
}
