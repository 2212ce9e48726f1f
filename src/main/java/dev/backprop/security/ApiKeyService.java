package dev.backprop.security;

import dev.backprop.system.ConflictingRequestException;
import dev.backprop.system.DatabaseStatus;
import dev.backprop.system.DatabaseUnavailableException;
import dev.backprop.system.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: creates them (the secret is returned once and only its SHA-256 digest kept), lists and
 * revokes them, and finds the caller a secret belongs to. Lookups are cached for a few seconds so a
 * prediction does not pay a database round trip; revoking clears this instance's cache at once, other
 * instances notice within {@link #CACHE_TTL}.
 */
@Service
class ApiKeyService {

    /** Every secret starts with this, which lets secret scanners and people recognize one. */
    static final String SECRET_PREFIX = "bp_";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int CACHE_MAX = 10_000;
    private static final int SHOWN_PREFIX = SECRET_PREFIX.length() + 6;

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Keys the database said were valid, and when: what serves them while it does not answer. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final long outageGrace;
    private final DatabaseStatus database;

    private record Cached(Optional<Caller> caller, long expires) {
    }

    private record Verified(Caller caller, long at) {
    }

    /** A key just made: the stored key and its secret, which is never shown again. */
    record Created(ApiKey key, String secret) {
    }

    ApiKeyService(ApiKeyRepository keys, Clock clock, SecurityProperties properties, DatabaseStatus database) {
        this.keys = keys;
        this.clock = clock;
        this.outageGrace = properties.outageGrace().toNanos();
        this.database = database;
    }

    @Transactional
    Created create(String name, Role role, String createdBy) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = keys.save(new ApiKey(UUID.randomUUID(), name, role, digest(secret),
                secret.substring(0, SHOWN_PREFIX), clock.instant(), createdBy));
        return new Created(key, secret);
    }

    /**
     * Makes {@code secret} an admin key unless a key with that secret exists. A revoked one stays
     * revoked: revoking must win over a setting left in place. Returns whether a key was made.
     */
    @Transactional
    boolean ensureAdmin(String secret, String name) {
        if (keys.findBySecretHash(digest(secret)).isPresent()) {
            return false;
        }
        keys.save(new ApiKey(UUID.randomUUID(), name, Role.ADMIN, digest(secret),
                secret.substring(0, Math.min(SHOWN_PREFIX, secret.length() / 4)), clock.instant(), "bootstrap"));
        return true;
    }

    @Transactional(readOnly = true)
    boolean anyActive() {
        return keys.existsByRevokedAtIsNull();
    }

    @Transactional(readOnly = true)
    Page<ApiKey> list(int page, int size) {
        return keys.findAllByOrderByCreatedAtAscIdAsc(PageRequest.of(page, size));
    }

    @Transactional
    ApiKey revoke(UUID id) {
        // the valid admin keys, locked first and in one order: two revocations at once, through any
        // instances, take turns, and the second counts what the first left
        List<ApiKey> admins = keys.findByRoleAndRevokedAtIsNullOrderByIdAsc(Role.ADMIN);
        ApiKey key = keys.findById(id).orElseThrow(() -> new NotFoundException("API key", id));
        if (!key.revoked() && key.role() == Role.ADMIN && admins.size() <= 1) {
            throw new ConflictingRequestException("API key " + id + " is the last valid admin key; create another"
                    + " admin key before revoking this one");
        }
        key.revoke(clock.instant());
        cache.clear();
        verified.clear();
        return key;
    }

    /**
     * The caller a bearer secret belongs to, cached for {@link #CACHE_TTL}. While the database does
     * not answer, a key this instance saw valid within the outage grace keeps its caller, without
     * waiting on the database ({@link DatabaseStatus} finds out when it is back). Any other key is a
     * {@link DatabaseUnavailableException} (503), since whether it is valid cannot be known.
     */
    Optional<Caller> authenticate(String secret) {
        String hash = digest(secret);
        long now = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached != null && now - cached.expires() < 0) {
            return cached.caller();
        }
        if (database.down()) {
            return grace(hash, now, null);
        }
        Optional<Caller> caller;
        try {
            caller = lookup(hash);
        } catch (RuntimeException e) {
            if (!database.failed(e)) {
                throw e;
            }
            return grace(hash, now, e);
        }
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(hash, new Cached(caller, now + CACHE_TTL.toNanos()));
        return caller;
    }

    private Optional<Caller> lookup(String hash) {
        Optional<Caller> caller = keys.findBySecretHash(hash).filter(k -> !k.revoked())
                .map(k -> new Caller("key:" + k.getId(), k.name(), k.role()));
        if (caller.isPresent()) {
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(hash, new Verified(caller.get(), System.nanoTime()));
        } else {
            verified.remove(hash);
        }
        return caller;
    }

    /**
     * Drops from the outage grace every key revoked or deleted since it was seen, through any
     * instance, so that a key revoked while the database answers is not served in an outage that
     * starts later, even if it was not used in between.
     */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void reverify() {
        if (verified.isEmpty() || database.down()) {
            return;
        }
        Set<String> valid;
        try {
            valid = keys.findBySecretHashIn(new ArrayList<>(verified.keySet())).stream()
                    .filter(k -> !k.revoked()).map(ApiKey::secretHash).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            if (!database.failed(e)) {
                throw e;
            }
            return;
        }
        verified.keySet().retainAll(valid);
    }

    private Optional<Caller> grace(String hash, long now, RuntimeException cause) {
        Verified seen = verified.get(hash);
        if (seen != null && now - seen.at() < outageGrace) {
            return Optional.of(seen.caller());
        }
        throw new DatabaseUnavailableException("the database does not answer, so the API key cannot be checked", cause);
    }

    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
