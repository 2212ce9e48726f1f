package dev.backprop.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's title and description in /v3/api-docs and Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI backpropOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI().info(new Info()
                .title("Backprop")
                .version(properties != null ? properties.getVersion() : "dev")
                .description("""
                        Trains neural networks over HTTP with a from-scratch backpropagation engine and serves \
                        their predictions. Create a dataset (JSON, CSV or a seeded generator), then train on it. \
                        Every error is application/problem+json naming the field, row or value at fault."""));
    }
}
