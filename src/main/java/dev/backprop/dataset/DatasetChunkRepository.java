package dev.backprop.dataset;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DatasetChunkRepository extends JpaRepository<DatasetChunk, DatasetChunk.Key> {

    List<DatasetChunk> findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(UUID datasetId, int first, int last);

    @Modifying
    @Query("delete from DatasetChunk c where c.datasetId = :datasetId")
    int deleteByDatasetId(UUID datasetId);
}
