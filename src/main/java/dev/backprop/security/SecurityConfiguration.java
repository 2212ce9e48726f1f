package dev.backprop.security;

import dev.backprop.system.DatabaseUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Secure by default: every request but health, the OpenAPI document and Swagger UI needs a bearer
 * credential (what each role may do is decided on the matched handler, by {@link Access}) - an API key, or a JWT when {@code spring.security.oauth2.resourceserver.jwt.*} names an
 * issuer (its scopes {@code predict}, {@code read}, {@code train}, {@code admin} map to the roles). Stateless: no
 * session, no cookie, so no CSRF to guard against; a cross-site form post carries no key and gets a 401.
 * Spring Security's default headers stay on (nosniff, frame denial, no caching), with a
 * Content-Security-Policy and Referrer-Policy: no-referrer on every answer; CORS is off unless
 * {@code backprop.security.cors-allowed-origins} lists origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /**
     * What a page of the service may load: its own scripts only (the dashboard has no inline script),
     * images of its own and those it makes (blob: charts, data: icons), and nothing framed or posted
     * elsewhere. Inline styles stay allowed: Swagger UI applies them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeyService keys, ObjectProvider<JwtDecoder> jwt, SecurityErrors errors,
            SecurityProperties properties) throws Exception {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiKeyProvider(keys));
        jwt.ifAvailable(decoder -> providers.add(jwtOnly(jwtProvider(decoder))));
        AuthenticationManager manager = new ProviderManager(providers);
        http.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> manager)
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .authorizeHttpRequests(a -> a.requestMatchers(Access.PUBLIC).permitAll().anyRequest().authenticated());
        if (properties.corsAllowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.corsAllowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
            cors.setExposedHeaders(List.of("Location", "Retry-After"));
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors);
            http.cors(c -> c.configurationSource(source));
        }
        return http.build();
    }

    /** Roles are checked on the matched handler, before every other interceptor (see {@link Access}). */
    @Bean
    WebMvcConfigurer roleCheck(SecurityErrors errors) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new Access(errors)).order(Ordered.HIGHEST_PRECEDENCE);
            }
        };
    }

    /**
     * Each operation's role in the OpenAPI document, read from the handler as the check reads it: the
     * extension {@code x-required-role} and a sentence in the description; open operations need no key.
     */
    @Bean
    OperationCustomizer requiredRoles() {
        return (operation, handler) -> {
            switch (Access.rule(handler)) {
                case Access.Open open -> operation.setSecurity(List.of());
                case Access.Needs needs -> {
                    operation.addExtension("x-required-role", needs.role().name());
                    String description = operation.getDescription();
                    String sentence = "Needs the " + needs.role().name() + " role or a higher one.";
                    operation.setDescription(description == null || description.isBlank() ? sentence
                            : description.stripTrailing() + "\n\n" + sentence);
                }
                case Access.Framework framework -> { }
                case Access.Undeclared undeclared -> { }
            }
            return operation;
        };
    }

    /**
     * The JWT provider, asked only about tokens shaped as a JWT (three dot-separated parts): an API
     * key it could not decode would otherwise replace the key provider's answer (a 503 while the key
     * cannot be checked would become a 401).
     */
    private static AuthenticationProvider jwtOnly(JwtAuthenticationProvider jwt) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String token = ((BearerTokenAuthenticationToken) authentication).getToken();
                return token.split("\\.", -1).length == 3 ? jwt.authenticate(authentication) : null;
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return jwt.supports(authentication);
            }
        };
    }

    private static JwtAuthenticationProvider jwtProvider(JwtDecoder decoder) {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        scopes.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> scopes.convert(jwt).stream()
                .<GrantedAuthority>map(a -> new SimpleGrantedAuthority(a.getAuthority().toUpperCase(Locale.ROOT)))
                .toList());
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(converter);
        return provider;
    }

    /** The key could not be checked: the database does not answer (SecurityErrors answers 503). */
    static final class KeyUncheckable extends AuthenticationException {

        KeyUncheckable(DatabaseUnavailableException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Bearer secrets that look like API keys ({@code bp_...}, or any that is not a JWT): looked up by
     * digest. A JWT (three dot-separated parts) is left to the JWT provider when there is one.
     */
    static final class ApiKeyProvider implements AuthenticationProvider {

        private final ApiKeyService keys;

        ApiKeyProvider(ApiKeyService keys) {
            this.keys = keys;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            try {
                return keys.authenticate(token).map(ApiKeyAuthentication::new)
                        .orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
            } catch (DatabaseUnavailableException e) {
                throw new KeyUncheckable(e);
            }
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
