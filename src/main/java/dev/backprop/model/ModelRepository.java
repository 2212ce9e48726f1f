package dev.backprop.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<Model, UUID> {

    Page<Model> findByName(String name, Pageable pageable);

    Optional<Model> findByJobId(UUID jobId);

    @Query("select m.id from Model m where m.id in :ids")
    List<UUID> existing(Collection<UUID> ids);

    Optional<ModelService.ModelRef> findFirstByNameOrderByVersionDesc(String name);

    Optional<ModelService.ModelRef> findByNameAndVersion(String name, int version);

    @Query("select m.version from Model m where m.name = :name order by m.version")
    List<Integer> versions(String name);
}
