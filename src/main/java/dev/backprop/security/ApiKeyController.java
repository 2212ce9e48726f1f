package dev.backprop.security;

import static dev.backprop.system.PageResponse.MAX_PAGE;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.system.PageResponse;
import dev.backprop.system.Text;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RequiresRole(Role.ADMIN)
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "Keys that authenticate callers, each with a role; admin keys only")
class ApiKeyController {

    private final ApiKeyService service;

    ApiKeyController(ApiKeyService service) {
        this.service = service;
    }

    record CreateApiKeyRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE)
            @Schema(description = "What the key is for, for people", example = "fraud-service")
            String name,
            @NotNull
            @Schema(description = "PREDICT (predictions only), READ (also reads datasets, jobs and models), TRAIN"
                    + " (also creates datasets, jobs and models, cancels jobs) or ADMIN (also deletes, and manages keys)",
                    example = "PREDICT")
            Role role) {
    }

    @Schema(description = "An API key. Only its first characters are kept readable; the secret itself is shown once,"
            + " when the key is created.")
    record ApiKeyResponse(UUID id, String name, Role role,
            @Schema(description = "the secret's first characters, to tell keys apart", example = "bp_Xq3v9A") String prefix,
            Instant createdAt,
            @Schema(description = "the caller that created it: key:<id>, jwt:<subject> or bootstrap") String createdBy,
            @Schema(description = "when it was revoked; null while it is valid") Instant revokedAt,
            @Schema(description = "the secret to send as 'Authorization: Bearer <key>'; only in the answer to the"
                    + " request that created the key", requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

        static ApiKeyResponse of(ApiKey k, String secret) {
            return new ApiKeyResponse(k.getId(), k.name(), k.role(), k.prefix(), k.createdAt(), k.createdBy(),
                    k.revokedAt(), secret);
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "The answer holds the secret (`key`): it is shown this once"
            + " and only a digest of it is stored.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the key")
    @ApiResponse(responseCode = "400", description = "No name, or no valid role; the detail names the field")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = CreateApiKeyRequest.class),
            examples = @ExampleObject(name = "predict", summary = "A key another service predicts with",
                    value = "{\"name\": \"fraud-service\", \"role\": \"PREDICT\"}")))
    ResponseEntity<ApiKeyResponse> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyService.Created created = service.create(request.name(), request.role(), Caller.currentId());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.key().getId()))
                .body(ApiKeyResponse.of(created.key(), created.secret()));
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Every key, revoked ones too, oldest first,"
            + " paged; never the secrets.")
    PageResponse<ApiKeyResponse> list(
            @Parameter(description = "0-based page, at most 1000000") @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @Parameter(description = "entries per page, 1 to 200") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageResponse.of(service.list(page, size), k -> ApiKeyResponse.of(k, null));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "The key stops working at once on this instance and within"
            + " 5 seconds on others; it stays listed with the time it was revoked. The last valid admin key cannot be"
            + " revoked, however revocations race: they take turns, through any instance.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "422", description = "It is the last valid admin key")
    void revoke(@PathVariable UUID id) {
        service.revoke(id);
    }
}
