package dev.backprop.security;

import dev.backprop.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key: its role and a digest of its secret, never the secret. */
@Entity
@Table(name = "api_key")
class ApiKey extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    /** The secret's first characters, so a person can tell their keys apart in a list. */
    @Column(nullable = false, length = 16)
    private String prefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", length = 200)
    private String createdBy;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(UUID id, String name, Role role, String secretHash, String prefix, Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.secretHash = secretHash;
        this.prefix = prefix;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    String secretHash() {
        return secretHash;
    }

    String prefix() {
        return prefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
