package dev.backprop.system;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.core.MethodParameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.type.LogicalType;

/** Cross-cutting beans: the clock, and JSON reading that refuses what it would otherwise guess at. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

    /**
     * PostgreSQL connections, set on the pool before its first one. The driver writes a failed
     * statement's bound values (a model's weights as hex, a key's hash) and the server's detail into
     * its exceptions, which reach the log; asked not to, it names the statement's failure and the
     * constraint only. And the server ends a transaction left idle for longer than
     * {@value #IDLE_TRANSACTION_TIMEOUT}, unless the pool's connection-init-sql says otherwise: an
     * instance paused in the middle of one (a long GC pause, a stalled VM) would keep its locks, and
     * another instance could not take its jobs over before it woke.
     */
    @Bean
    static BeanPostProcessor postgresConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    pool.addDataSourceProperty("logServerErrorDetail", "false");
                    if (pool.getConnectionInitSql() == null) {
                        pool.setConnectionInitSql("SET idle_in_transaction_session_timeout = '" + IDLE_TRANSACTION_TIMEOUT + "'");
                    }
                }
                return bean;
            }
        };
    }

    /** Well under the scheduler's heartbeat limit, far over any transaction of the service's own. */
    private static final String IDLE_TRANSACTION_TIMEOUT = "10s";

    /** Tomcat's own rejections (bad percent-encoding, a request line too long) in the API's JSON, not HTML. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /** An enum read by its name only: the name with spaces around it is refused, not trimmed. */
    static final class UnpaddedEnum extends DelegatingDeserializer {

        UnpaddedEnum(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new UnpaddedEnum(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = parser.getString();
                if (!text.equals(text.strip())) {
                    return context.handleWeirdStringValue(_delegatee.handledType(), text,
                            "has spaces around the name");
                }
            }
            return super.deserialize(parser, context);
        }
    }

    /**
     * Enums in query parameters read as in JSON bodies: by name in any case, never trimmed. Spring
     * trims a failed conversion's value and tries {@code Enum.valueOf} again, so a padded name
     * ({@code status= QUEUED }) is refused before the arguments are read, not in the converter.
     */
    @Bean
    WebMvcConfigurer unpaddedEnumParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addConverterFactory(new CaseInsensitiveEnums());
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new UnpaddedEnumParameters());
            }
        };
    }

    /** Content negotiation from the Accept header alone, as generated clients send it (see {@link JsonClientAccept}). */
    @Bean
    WebMvcConfigurer jsonClientAccept() {
        return new WebMvcConfigurer() {
            @Override
            public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
                configurer.strategies(List.of(new JsonClientAccept()));
            }
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class CaseInsensitiveEnums implements ConverterFactory<String, Enum> {

        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            return source -> {
                if (source.isEmpty()) {
                    return null;
                }
                for (T constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(source)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("no " + type.getSimpleName() + " named '" + source + "'");
            };
        }
    }

    static final class UnpaddedEnumParameters implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!(handler instanceof HandlerMethod method)) {
                return true;
            }
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                Class<?> type = parameter.getParameterType();
                if (param == null || !type.isEnum()) {
                    continue;
                }
                String name = !param.name().isEmpty() ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
                String[] values = name == null ? null : request.getParameterValues(name);
                for (String value : values == null ? new String[0] : values) {
                    if (!value.equals(value.strip())) {
                        throw new InvalidRequestException(name, "'" + value + "' has spaces around the name; expected one of "
                                + Arrays.toString(type.getEnumConstants()));
                    }
                }
            }
            return true;
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Strict JSON: a misspelt property, a number sent as a string or a string as a number, a
     * fraction where an integer belongs, a null for a number, or an enum given by its position is a
     * 400 naming the field, not a silent default. Enum values match in any case ("moons", "MOONS"),
     * but not with spaces around them ("moons ").
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .addModule(new SimpleModule("unpadded-enums").setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                            BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                        return new UnpaddedEnum(deserializer);
                    }
                }))
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
