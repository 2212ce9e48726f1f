package dev.backprop.training;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TrainingJobRepository extends JpaRepository<TrainingJob, UUID> {

    Optional<TrainingJob> findByIdempotencyKey(String idempotencyKey);

    long countByCreatedByAndStatusIn(String createdBy, Collection<JobStatus> statuses);

    @Query("select j.status, count(j) from TrainingJob j group by j.status")
    List<Object[]> countByStatus();

    Page<TrainingJob> findByStatus(JobStatus status, Pageable pageable);

    @Query("select j.cancelRequested from TrainingJob j where j.id = :id")
    Optional<Boolean> cancelRequested(UUID id);
}
