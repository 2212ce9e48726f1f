package dev.backprop.dataset;

import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What annotations on a free-form JSON field cannot say: a dataset's rows hold numbers, text or null,
 * and a target may be null (a row without one).
 */
@Configuration(proxyBeanMethods = false)
class DatasetOpenApi {

    @Bean
    OpenApiCustomizer datasetValues() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
            Schema<?> request = schemas == null ? null : schemas.get("CreateDatasetRequest");
            if (request == null || request.getProperties() == null) {
                return;
            }
            Schema<?> features = request.getProperties().get("features");
            if (features != null) {
                features.setItems(typed("array").items(anyOf(typed("number"), typed("string"), typed("null"))));
            }
            Schema<?> targets = request.getProperties().get("targets");
            if (targets != null) {
                // a class label, a number, an array of numbers (several regression targets), or null
                targets.setItems(anyOf(typed("string"), typed("integer"), typed("number"),
                        typed("array").items(anyOf(typed("number"), typed("null"))), typed("null")));
            }
        };
    }

    /** A choice of types as anyOf rather than a list of types, which client generators do not all read. */
    private static Schema<?> anyOf(Schema<?>... choices) {
        return new Schema<>().anyOf(List.of(choices));
    }

    private static Schema<?> typed(String type) {
        return new Schema<>().types(new LinkedHashSet<>(List.of(type)));
    }
}
