package dev.backprop.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findBySecretHash(String secretHash);

    List<ApiKey> findAllByOrderByCreatedAtAscIdAsc();

    boolean existsByRevokedAtIsNull();

    long countByRoleAndRevokedAtIsNull(Role role);
}
