package dev.backprop.training;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface SearchRepository extends JpaRepository<Search, UUID> {

    /** The search with its row locked until the transaction ends: one coordinator at a time advances it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Search s where s.id = :id")
    Optional<Search> lock(UUID id);

    @Query("select s.id from Search s where s.status = :status")
    List<UUID> idsByStatus(SearchStatus status);

    Page<Search> findByStatus(SearchStatus status, Pageable pageable);
}
