package dev.backprop.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The API's title and description in /v3/api-docs and Swagger UI, and its error responses declared
 * once: every {@code /api} operation answers 400 and, with an id or name in its path, 404, as
 * {@code application/problem+json}; an operation declares a 4xx itself only to say more.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String BEARER = "bearer";
    private static final String PROBLEM_JSON = "application/problem+json";

    static {
        // free-form JSON (dataset targets, a model's training request) is any JSON value, not Jackson's node type
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
    }

    @Bean
    OpenAPI backpropOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        Content problem = problemContent();
        return new OpenAPI()
                .info(new Info()
                        .title("Backprop")
                        .version(properties != null ? properties.getVersion() : "dev")
                        .contact(new Contact().name("Backprop maintainers"))
                        .description("""
                                Trains neural networks over HTTP with a from-scratch backpropagation engine and serves \
                                their predictions. Create a dataset (JSON, CSV or a seeded generator), then train on it. \
                                Every error is application/problem+json naming the field, row or value at fault.

                                Every operation but health needs an API key, sent as `Authorization: Bearer <key>` \
                                (Authorize, above). Roles: PREDICT only predicts (/predict, /v2); READ also reads \
                                datasets, jobs and models; TRAIN also creates datasets, jobs and models and \
                                cancels jobs; ADMIN also deletes and manages keys. JSON bodies \
                                are limited to backprop.http.max-json-body (32MB by default; 413 beyond)."""))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key (bp_...), or a JWT when the service trusts an issuer"))
                        .addSchemas("Problem", problemSchema())
                        .addResponses("Unauthorized", new ApiResponse()
                                .description("No API key, or one that is not valid or was revoked")
                                .content(problem))
                        .addResponses("Forbidden", new ApiResponse()
                                .description("The API key's role does not allow this operation")
                                .content(problem))
                        .addResponses("BadRequest", new ApiResponse()
                                .description("Invalid request; errors names each field, row or value at fault")
                                .content(problem))
                        .addResponses("NotFound", new ApiResponse()
                                .description("Nothing has the id, or the name and version, in the path")
                                .content(problem)));
    }

    /** Adds the shared error responses to every operation under /api, and the problem body to each 4xx it declares. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperations().forEach(operation -> {
                ApiResponses responses = operation.getResponses();
                responses.forEach((code, response) -> {
                    if (code.startsWith("4") && response.get$ref() == null) {
                        // an error is always problem+json, whatever the operation's success media type
                        MediaType declared = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
                        if (declared == null) {
                            response.setContent(problemContent());
                        } else if (declared.getSchema() == null) {
                            declared.setSchema(new Schema<>().$ref(PROBLEM));
                        }
                    }
                });
                if (!responses.containsKey("400")) {
                    responses.addApiResponse("400", new ApiResponse().$ref("#/components/responses/BadRequest"));
                }
                responses.addApiResponse("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
                responses.addApiResponse("403", new ApiResponse().$ref("#/components/responses/Forbidden"));
                if (path.contains("{") && !responses.containsKey("404")) {
                    responses.addApiResponse("404", new ApiResponse().$ref("#/components/responses/NotFound"));
                }
            });
        });
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM)));
    }

    /** RFC 9457 problem details with the errors array every 400 carries. */
    private static Schema<?> problemSchema() {
        Schema<?> violation = new ObjectSchema()
                .description("One thing wrong: the field (a JSON path or parameter), what is wrong, and for files the row and column")
                .addProperty("field", new StringSchema().example("training.epochs"))
                .addProperty("message", new StringSchema().example("must be between 1 and 1000000"))
                .addProperty("row", new IntegerSchema().format("int64"))
                .addProperty("column", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("training.epochs: must be between 1 and 1000000"))
                .addProperty("instance", new StringSchema().example("/api/v1/training-jobs"))
                .addProperty("errors", new ArraySchema().items(violation)
                        .description("what is wrong, the first 100 problems at most"))
                .addProperty("errorCount", new IntegerSchema().format("int64")
                        .description("how many problems there were, when errors lists only the first 100"));
    }
}
