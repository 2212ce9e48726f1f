package dev.backprop.system;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
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
import io.swagger.v3.oas.models.servers.Server;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
                                datasets, jobs and models; TRAIN also creates datasets, jobs and models, moves \
                                aliases and cancels jobs; ADMIN also deletes and manages keys. JSON bodies \
                                are limited to backprop.http.max-json-body (32MB by default; 413 beyond)."""))
                .addServersItem(new Server().url("/").description("This service, where the document was read"))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key (bp_...), or a JWT when the service trusts an issuer"))
                        .addSchemas("Problem", problemSchema())
                        .addSchemas("Violation", violationSchema())
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
                                .description("Nothing has the id, the name and version, or the alias in the path")
                                .content(problem))
                        .addSchemas("InferenceError", new ObjectSchema()
                                .description("The Open Inference Protocol's error: what is wrong, in words")
                                .addProperty("error", new StringSchema().example("model 'moons' has no version 7"))
                                .required(List.of("error")))
                        .addResponses("InferenceBadRequest", inferenceError("The request is not valid"))
                        .addResponses("InferenceUnauthorized", inferenceError("No API key, or one that is not valid"))
                        .addResponses("InferenceForbidden", inferenceError("The API key's role may not predict"))
                        .addResponses("InferenceNotFound", inferenceError("No model has this name, or it has no such version")));
    }

    /**
     * Adds the shared error responses to every operation under /api, and the problem body to each
     * 4xx it declares; the protocol's 401 and 403 to /v2's model operations; marks every request
     * body required (no operation takes an empty one).
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            item.readOperations().forEach(operation -> {
                if (operation.getRequestBody() != null && operation.getRequestBody().get$ref() == null) {
                    operation.getRequestBody().setRequired(true);
                }
            });
            if (path.startsWith("/v2/models/")) {
                item.readOperations().forEach(operation -> operation.getResponses()
                        .addApiResponse("400", new ApiResponse().$ref("#/components/responses/InferenceBadRequest"))
                        .addApiResponse("401", new ApiResponse().$ref("#/components/responses/InferenceUnauthorized"))
                        .addApiResponse("403", new ApiResponse().$ref("#/components/responses/InferenceForbidden"))
                        .addApiResponse("404", new ApiResponse().$ref("#/components/responses/InferenceNotFound")));
            }
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

    /**
     * Refuses to build the document when two of the service's records would share a schema name:
     * swagger-core names a schema after the class, and a second class of the same name silently takes
     * the first one's place, so clients would read one concept's fields in another's answers. A
     * nested record whose simple name is taken gives itself a name with {@code @Schema(name = ...)}.
     */
    @Bean
    ModelConverter uniqueSchemaNames() {
        Map<String, Class<?>> named = new ConcurrentHashMap<>();
        return new ModelConverter() {
            @Override
            public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
                JavaType javaType = Json.mapper().constructType(type.getType());
                Class<?> raw = javaType.getRawClass();
                if (raw.isRecord() && raw.getName().startsWith("dev.backprop.")) {
                    String name = TypeNameResolver.std.nameForType(javaType);
                    Class<?> earlier = named.putIfAbsent(name, raw);
                    if (earlier != null && earlier != raw) {
                        throw new IllegalStateException("schema name " + name + " is taken by both " + earlier.getName()
                                + " and " + raw.getName() + "; give one @Schema(name = ...)");
                    }
                }
                return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
            }
        };
    }

    /**
     * Optional lists and maps may be null, which the service reads as left out. Said in the document
     * because generated Java clients otherwise start each as [] or {} and send it: an empty list of
     * hidden layers, or column kinds for a generated dataset, mean something else than none given.
     */
    @Bean
    OpenApiCustomizer optionalCollectionsNullable() {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
                if (schema.getProperties() == null) {
                    continue;
                }
                List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                schema.getProperties().forEach((name, property) -> {
                    String type = property.getTypes() != null && property.getTypes().size() == 1
                            ? (String) property.getTypes().iterator().next() : property.getType();
                    boolean map = "object".equals(type) && property.getAdditionalProperties() != null
                            && property.getProperties() == null;
                    if (("array".equals(type) || map) && !required.contains(name)) {
                        property.setTypes(new LinkedHashSet<>(List.of(type, "null")));
                    }
                });
            }
        };
    }

    /** The tags in the order a user works: data, training and searching, models, serving, then administration. */
    static final List<String> TAG_ORDER = List.of("Datasets", "Training jobs", "Searches", "Models", "Predictions",
            "Open Inference Protocol v2", "API keys");

    /**
     * Tags, and the paths within each, in workflow order, so that Swagger UI (which shows operations
     * as the document lists them) reads top to bottom: a collection (create, list) before its items
     * (read, delete), an item before what hangs below it.
     */
    @Bean
    OpenApiCustomizer workflowOrder() {
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.setTags(openApi.getTags().stream()
                        .sorted(Comparator.comparingInt(tag -> rank(tag.getName())))
                        .toList());
            }
            Paths ordered = new Paths();
            openApi.getPaths().entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, PathItem>>comparingInt(e -> rank(firstTag(e.getValue())))
                            .thenComparingInt(e -> e.getKey().split("/").length)
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> ordered.addPathItem(e.getKey(), e.getValue()));
            openApi.setPaths(ordered);
        };
    }

    private static int rank(String tag) {
        int index = TAG_ORDER.indexOf(tag);
        return index < 0 ? TAG_ORDER.size() : index;
    }

    private static String firstTag(PathItem item) {
        return item.readOperations().stream()
                .filter(operation -> operation.getTags() != null && !operation.getTags().isEmpty())
                .map(operation -> operation.getTags().getFirst())
                .findFirst().orElse("");
    }

    private static ApiResponse inferenceError(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/InferenceError"))));
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM)));
    }

    /** One thing wrong in a request, as a 400 lists them. */
    private static Schema<?> violationSchema() {
        return new ObjectSchema()
                .description("One thing wrong: the field (a JSON path or parameter), what is wrong, and for files the row and column")
                .addProperty("field", new StringSchema().example("training.epochs"))
                .addProperty("message", new StringSchema().example("must be between 1 and 1000000"))
                .addProperty("row", new IntegerSchema().format("int64"))
                .addProperty("column", new StringSchema());
    }

    /** RFC 9457 problem details with the errors array every 400 carries. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("training.epochs: must be between 1 and 1000000"))
                .addProperty("instance", new StringSchema().example("/api/v1/training-jobs"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Violation"))
                        .description("what is wrong, the first 100 problems at most"))
                .addProperty("errorCount", new IntegerSchema().format("int64")
                        .description("how many problems there were, when errors lists only the first 100"));
    }
}
