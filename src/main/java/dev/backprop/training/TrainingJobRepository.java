package dev.backprop.training;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TrainingJobRepository extends JpaRepository<TrainingJob, UUID> {

    Optional<TrainingJob> findByIdempotencyKey(String idempotencyKey);

    long countByCreatedByAndStatusIn(String createdBy, Collection<JobStatus> statuses);

    @Query("select j.status, count(j) from TrainingJob j group by j.status")
    List<Object[]> countByStatus();

    Page<TrainingJob> findByStatus(JobStatus status, Pageable pageable);

    @Query("select j.cancelRequested from TrainingJob j where j.id = :id")
    Optional<Boolean> cancelRequested(UUID id);

    /** A search's trial runs (not the job refitting its best), without the requests and plans they carry. */
    @Query("select new dev.backprop.training.SearchRun(j.id, j.trial, j.rung, j.fold, j.status,"
            + " j.latest.epoch, j.startedAt,"
            + " j.finishedAt, j.reason, j.heldOut) from TrainingJob j where j.searchId = :searchId and j.trial is not null")
    List<SearchRun> runsOf(UUID searchId);

    /** Flags jobs to stop, writing nothing else of theirs. */
    @Modifying(flushAutomatically = true)
    @Query("update TrainingJob j set j.cancelRequested = true where j.id in :ids")
    void requestCancel(Collection<UUID> ids);
}
