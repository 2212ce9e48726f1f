package dev.backprop.security;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findBySecretHash(String secretHash);

    List<ApiKey> findBySecretHashIn(Collection<String> secretHashes);

    Page<ApiKey> findAllByOrderByCreatedAtAscIdAsc(Pageable pageable);

    boolean existsByRevokedAtIsNull();

    /** The valid keys of a role, locked until the transaction ends, always in the same order. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    List<ApiKey> findByRoleAndRevokedAtIsNullOrderByIdAsc(Role role);
}
