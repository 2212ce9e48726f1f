package dev.backprop.training;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface HistoryRepository extends JpaRepository<HistoryPoint, HistoryPoint.Key> {

    List<HistoryPoint> findByJobIdOrderByEpoch(UUID jobId);

    @Modifying
    @Query("delete from HistoryPoint h where h.jobId = :jobId")
    int deleteByJobId(UUID jobId);

    /** The points a resumed run will write again: those after its checkpoint. */
    @Modifying
    @Query("delete from HistoryPoint h where h.jobId = :jobId and h.epoch > :epoch")
    int deleteAfter(UUID jobId, int epoch);
}
