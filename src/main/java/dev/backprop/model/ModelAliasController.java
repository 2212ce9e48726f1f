package dev.backprop.model;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import dev.backprop.security.Caller;
import dev.backprop.security.RequiresRole;
import dev.backprop.security.Role;
import dev.backprop.system.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A model name's aliases: point one at a version, roll it back, read its history. */
@RestController
@RequestMapping(path = "/api/v1/models/{name}/aliases", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Models")
class ModelAliasController {

    private static final String ALIAS = "the alias: " + ModelAliases.PATTERN_MESSAGE;

    private final ModelAliases aliases;

    ModelAliasController(ModelAliases aliases) {
        this.aliases = aliases;
    }

    /** The version an alias is to name. */
    record AliasRequest(@Schema(description = "a version of the model name that exists", example = "2")
                        @NotNull @Min(1) Integer version) {
    }

    @RequiresRole(Role.READ)
    @GetMapping
    @Operation(operationId = "listModelAliases", summary = "List a model's aliases",
            description = "Every alias of the model name, by alias, with the version and model it names.")
    @ApiResponse(responseCode = "200", description = "The aliases")
    List<ModelAliases.ModelAlias> list(@PathVariable String name) {
        return aliases.list(name);
    }

    @RequiresRole(Role.TRAIN)
    @PutMapping(path = "/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setModelAlias", summary = "Point an alias at a version",
            description = "Creates the alias or moves it; the move is recorded with who made it. Callers that predict by"
                    + " the alias get the new version within about a second, on every instance.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = AliasRequest.class),
            examples = @ExampleObject(name = "version", value = "{\"version\": 2}")))
    @ApiResponse(responseCode = "200", description = "Moved; where the alias points now")
    @ApiResponse(responseCode = "201", description = "Created; where the alias points")
    ResponseEntity<ModelAliases.ModelAlias> move(@PathVariable String name, @PathVariable @Parameter(description = ALIAS,
            example = "champion") @Pattern(regexp = ModelAliases.PATTERN, message = ModelAliases.PATTERN_MESSAGE) String alias,
            @Valid @RequestBody AliasRequest request) {
        ModelAliases.Moved moved = aliases.move(name, alias, request.version(), Caller.currentId());
        return ResponseEntity.status(moved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(moved.alias());
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{alias}")
    @Operation(operationId = "getModelAlias", summary = "Get an alias", description = "The version and model it names,"
            + " and its last move.")
    @ApiResponse(responseCode = "200", description = "The alias")
    ModelAliases.ModelAlias get(@PathVariable String name, @PathVariable @Parameter(description = ALIAS)
            @Pattern(regexp = ModelAliases.PATTERN, message = ModelAliases.PATTERN_MESSAGE) String alias) {
        return aliases.get(name, alias);
    }

    @RequiresRole(Role.ADMIN)
    @DeleteMapping("/{alias}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteModelAlias", summary = "Delete an alias",
            description = "Predictions by the alias are answered 404 from then on; its history stays.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    void delete(@PathVariable String name, @PathVariable @Parameter(description = ALIAS)
            @Pattern(regexp = ModelAliases.PATTERN, message = ModelAliases.PATTERN_MESSAGE) String alias) {
        aliases.delete(name, alias, Caller.currentId());
    }

    @RequiresRole(Role.TRAIN)
    @PostMapping("/{alias}/rollback")
    @Operation(operationId = "rollbackModelAlias", summary = "Roll an alias back",
            description = "Points the alias at the version it named before its last move, and records that move: it undoes"
                    + " the last move, so a second rollback redoes it.")
    @ApiResponse(responseCode = "200", description = "Where the alias points now")
    @ApiResponse(responseCode = "409", description = "The alias has no earlier version, or that version was deleted")
    ModelAliases.ModelAlias rollback(@PathVariable String name, @PathVariable @Parameter(description = ALIAS)
            @Pattern(regexp = ModelAliases.PATTERN, message = ModelAliases.PATTERN_MESSAGE) String alias) {
        return aliases.rollback(name, alias, Caller.currentId());
    }

    @RequiresRole(Role.READ)
    @GetMapping("/{alias}/history")
    @Operation(operationId = "getModelAliasHistory", summary = "An alias's history",
            description = "Every move, rollback and deletion of the alias, newest first: from which version to which"
                    + " (null: none), when and by whom.")
    @ApiResponse(responseCode = "200", description = "The moves")
    PageResponse<ModelAliases.AliasMove> history(@PathVariable String name, @PathVariable @Parameter(description = ALIAS)
            @Pattern(regexp = ModelAliases.PATTERN, message = ModelAliases.PATTERN_MESSAGE) String alias,
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return aliases.history(name, alias, page, size);
    }
}
