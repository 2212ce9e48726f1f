package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.backprop.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Authentication and roles over HTTP: who may do what, in which error form, and what is stored of a key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:security;DB_CLOSE_DELAY=-1"})
class ApiKeyApiTests {

    private static final KeyPair ISSUER = rsa();

    static final String MOONS = """
            {"name": "moons", "generator": {"type": "moons", "samples": 20, "noise": 0.1, "seed": 1}}""";

    @DynamicPropertySource
    static void trustIssuer(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("issuer", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http admin;

    @BeforeEach
    void client() {
        admin = new Http(port);
    }

    private String createKey(String name, String role) {
        Http.Response created = admin.postJson("/api/v1/api-keys", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asString();
    }

    private int datasets() {
        return admin.get("/api/v1/datasets").json().get("totalElements").asInt();
    }

    @Test
    void withoutAKeyEveryOperationButHealthAndTheDocumentationIs401() {
        Http anonymous = admin.anonymous();
        int before = datasets();
        for (String[] request : new String[][] {{"GET", "/api/v1/datasets"}, {"POST", "/api/v1/datasets"},
                {"GET", "/api/v1/models"}, {"POST", "/api/v1/training-jobs"}, {"GET", "/api/v1/api-keys"},
                {"DELETE", "/api/v1/datasets/00000000-0000-0000-0000-000000000000"}, {"GET", "/actuator/prometheus"},
                {"GET", "/api/v1/no-such-thing"}}) {
            Http.Response r = anonymous.send(request[0], request[1], "application/json", MOONS);
            assertThat(r.status()).as(String.join(" ", request)).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("Authorization: Bearer");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        // a cross-site form post carries no key: refused, nothing stored
        Http.Response upload = anonymous.postMultipart("/api/v1/datasets/upload", "x.csv", "a,b\n1,2\n".getBytes());
        assertThat(upload.status()).isEqualTo(401);
        assertThat(datasets()).isEqualTo(before);

        Http.Response v2 = anonymous.get("/v2/models/anything");
        assertThat(v2.status()).isEqualTo(401);
        assertThat(v2.contentType()).startsWith("application/json");
        assertThat(v2.json().get("error").asString()).contains("API key");

        for (String open : List.of("/actuator/health", "/actuator/health/readiness", "/v2/health/live",
                "/v2/health/ready", "/v3/api-docs")) {
            assertThat(anonymous.get(open).status()).as(open).isEqualTo(200);
        }
    }

    @Test
    void aWrongOrMalformedKeyIs401WithInvalidToken() {
        for (String key : List.of("bp_not-a-key-at-all-000000000000", "has spaces in it", "x")) {
            Http.Response r = admin.as(key).get("/api/v1/datasets");
            assertThat(r.status()).as(key).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void eachRoleMayDoItsOwnAndNoMore() {
        Http predict = admin.as(createKey("service", "predict"));
        Http read = admin.as(createKey("reader", "READ"));
        Http train = admin.as(createKey("trainer", "TRAIN"));
        int before = datasets();

        // a PREDICT key predicts and nothing else: no dataset, job or model files
        for (String path : List.of("/api/v1/datasets", "/api/v1/training-jobs", "/api/v1/models",
                "/api/v1/models/00000000-0000-0000-0000-000000000000/weights")) {
            Http.Response hidden = predict.get(path);
            assertThat(hidden.status()).as(path).isEqualTo(403);
            assertThat(hidden.json().get("detail").asString()).as(path).contains("READ role").contains("PREDICT role");
        }
        assertThat(read.get("/api/v1/datasets").status()).isEqualTo(200);
        Http.Response refused = read.postJson("/api/v1/datasets", MOONS);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("TRAIN role").contains("READ role");
        assertThat(datasets()).isEqualTo(before);
        // a PREDICT key may predict: the model is missing, not the right
        assertThat(predict.postJson("/api/v1/models/00000000-0000-0000-0000-000000000000/predict",
                "{\"inputs\": [[1, 2]]}").status()).isEqualTo(404);
        Http.Response infer = predict.postJson("/v2/models/missing/infer", "{\"inputs\": []}");
        assertThat(infer.status()).isEqualTo(404);
        assertThat(infer.json().has("error")).isTrue();
        assertThat(predict.get("/api/v1/api-keys").status()).isEqualTo(403);

        Http.Response created = train.postJson("/api/v1/datasets", MOONS);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Http.Response delete = train.delete("/api/v1/datasets/" + id);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("detail").asString()).contains("ADMIN role");
        assertThat(train.get("/api/v1/datasets/" + id).status()).isEqualTo(200);
        assertThat(train.postJson("/api/v1/api-keys", "{\"name\": \"more\", \"role\": \"ADMIN\"}").status())
                .isEqualTo(403);

        assertThat(admin.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
    }

    @Test
    void aTrainKeyCannotMintAnAdminKeyThroughAnEscapedPath() {
        Http train = admin.as(createKey("trainer", "TRAIN"));
        Http predict = admin.as(createKey("reader", "PREDICT"));
        Integer keys = jdbc.queryForObject("select count(*) from api_key", Integer.class);
        byte[] body = "{\"name\": \"mine\", \"role\": \"ADMIN\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Http.Response minted = train.raw("POST", "/api/v1/%61pi-keys", "application/json", body);
        assertThat(minted.status()).as(minted.body()).isEqualTo(403);
        assertThat(minted.json().get("detail").asString()).contains("ADMIN role").contains("TRAIN role");
        assertThat(jdbc.queryForObject("select count(*) from api_key", Integer.class)).isEqualTo(keys);
        for (String spelling : List.of("/api/v1/%61pi-keys", "/api/v1/api%2Dkeys", "/api/v1/api-key%73")) {
            assertThat(predict.raw("GET", spelling).status()).as(spelling).isEqualTo(403);
        }
    }

    @Test
    void aKeyIsShownOnceStoredAsADigestListedAndRevoked() {
        Http.Response created = admin.postJson("/api/v1/api-keys", "{\"name\": \"fraud-service\", \"role\": \"PREDICT\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String secret = body.get("key").asString();
        String id = body.get("id").asString();
        assertThat(secret).startsWith("bp_").hasSize(46);
        assertThat(created.header("Location")).isEqualTo("/api/v1/api-keys/" + id);
        assertThat(body.get("role").asString()).isEqualTo("PREDICT");
        assertThat(body.get("prefix").asString()).isEqualTo(secret.substring(0, 9));
        assertThat(body.get("createdBy").asString()).startsWith("key:");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM api_key WHERE id = ?", java.util.UUID.fromString(id));
        assertThat(row.get("SECRET_HASH")).isEqualTo(ApiKeyService.digest(secret));
        assertThat(row.values()).noneMatch(v -> secret.equals(String.valueOf(v)));

        JsonNode listed = null;
        for (JsonNode k : admin.get("/api/v1/api-keys?size=200").json().get("content")) {
            if (k.get("id").asString().equals(id)) {
                listed = k;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.get("revokedAt").isNull()).isTrue();

        // a PREDICT key is let in to its own: the model is missing, not the right; revoked, not let in
        Http holder = admin.as(secret);
        assertThat(holder.get("/v2/models/missing").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/api-keys/" + id).status()).isEqualTo(204);
        assertThat(holder.get("/v2/models/missing").status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT revoked_at FROM api_key WHERE id = ?", Object.class,
                java.util.UUID.fromString(id))).isNotNull();
        assertThat(admin.delete("/api/v1/api-keys/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void badKeyRequestsAre400AndTheLastAdminKeyStays() {
        for (String bad : List.of("{\"name\": \"\", \"role\": \"PREDICT\"}", "{\"name\": \"x\"}",
                "{\"name\": \"x\", \"role\": \"ROOT\"}", "{\"name\": \"x\", \"role\": 2}", "{\"name\": \"a\\u0000b\", \"role\": \"PREDICT\"}")) {
            Http.Response r = admin.postJson("/api/v1/api-keys", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        String bootstrap = jdbc.queryForObject("SELECT id FROM api_key WHERE created_by = 'bootstrap'", String.class);
        jdbc.update("UPDATE api_key SET revoked_at = CURRENT_TIMESTAMP WHERE role = 'ADMIN' AND created_by <> 'bootstrap'");
        Http.Response last = admin.delete("/api/v1/api-keys/" + bootstrap);
        assertThat(last.status()).isEqualTo(422);
        assertThat(last.json().get("detail").asString()).contains("last valid admin key");
        assertThat(admin.get("/api/v1/api-keys").status()).isEqualTo(200);
    }

    @Test
    void datasetsJobsAndModelsRecordTheCallerThatCreatedThem() throws Exception {
        Http.Response key = admin.postJson("/api/v1/api-keys", "{\"name\": \"notebook\", \"role\": \"TRAIN\"}");
        String caller = "key:" + key.json().get("id").asString();
        Http train = admin.as(key.json().get("key").asString());

        Http.Response dataset = train.postJson("/api/v1/datasets", MOONS);
        String datasetId = dataset.json().get("id").asString();
        assertThat(dataset.json().get("createdBy").asString()).isEqualTo(caller);
        assertThat(jdbc.queryForObject("SELECT created_by FROM dataset WHERE id = ?", String.class,
                java.util.UUID.fromString(datasetId))).isEqualTo(caller);

        Http.Response job = train.postJson("/api/v1/training-jobs", "{\"datasetId\": \"" + datasetId
                + "\", \"model\": {\"hiddenLayers\": [3]}, \"training\": {\"epochs\": 5}}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        assertThat(job.json().get("createdBy").asString()).isEqualTo(caller);
        String jobId = job.json().get("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> train.get("/api/v1/training-jobs/" + jobId).json().get("status").asString(),
                        "SUCCEEDED"::equals);
        String modelId = train.get("/api/v1/training-jobs/" + jobId).json().get("modelId").asString();
        // the job ran on the scheduler, with no request around it: the model takes the job's creator
        assertThat(train.get("/api/v1/models/" + modelId).json().get("createdBy").asString()).isEqualTo(caller);

        Http jwt = admin.as(jwt("alice", "train"));
        Http.Response imported = jwt.postJson("/api/v1/models?name=imported", admin.get("/api/v1/models/" + modelId
                + "/weights").body());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("createdBy").asString()).isEqualTo("jwt:alice");
        assertThat(jdbc.queryForObject("SELECT created_by FROM model WHERE id = ?", String.class,
                java.util.UUID.fromString(imported.json().get("id").asString()))).isEqualTo("jwt:alice");
    }

    @Test
    void apiResponsesCarrySecurityHeaders() {
        Http.Response r = admin.get("/api/v1/datasets");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        Http.Response page = admin.anonymous().get("/");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(r.header("Content-Security-Policy"));
        Http.Response refused = admin.anonymous().get("/api/v1/datasets");
        assertThat(refused.header("Referrer-Policy")).as("on a 401 too").isEqualTo("no-referrer");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        // each once, on an answer, a page and a refusal alike
        for (Http.Response answer : List.of(r, page, refused, admin.get("/dashboard/app.js"),
                admin.get("/swagger-ui/index.html"), admin.get("/v3/api-docs"), admin.anonymous().get("/actuator/health"),
                admin.postJson("/v2/models/missing/infer", "{}"), admin.raw("GET", "/api/v1/%zz"))) {
            for (String header : List.of("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy",
                    "Referrer-Policy", "Cache-Control")) {
                assertThat(answer.headers().allValues(header)).as(header).hasSize(1);
            }
        }
        Http.Response preflight = admin.anonymous().send("OPTIONS", "/api/v1/datasets", "application/json", "",
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void jwtsFromATrustedIssuerMapTheirScopesToRoles() throws Exception {
        Http train = admin.as(jwt("alice", "train"));
        Http.Response created = train.postJson("/api/v1/datasets", MOONS);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(train.delete("/api/v1/datasets/" + created.json().get("id").asString()).status()).isEqualTo(403);

        Http read = admin.as(jwt("bob", "read"));
        assertThat(read.get("/api/v1/datasets").status()).isEqualTo(200);
        assertThat(read.postJson("/api/v1/datasets", MOONS).status()).isEqualTo(403);
        assertThat(admin.as(jwt("carol", "predict")).get("/api/v1/datasets").status()).isEqualTo(403);

        assertThat(admin.as(jwt("eve", "")).get("/api/v1/datasets").status()).isEqualTo(403);
        KeyPair other = rsa();
        assertThat(admin.as(jwt("mallory", "admin", other)).get("/api/v1/datasets").status()).isEqualTo(401);
    }

    private static String jwt(String subject, String scope) throws Exception {
        return jwt(subject, scope, ISSUER);
    }

    private static String jwt(String subject, String scope, KeyPair signer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("scope", scope).expirationTime(new Date(System.currentTimeMillis() + 600_000)).build());
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
