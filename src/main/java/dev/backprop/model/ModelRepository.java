package dev.backprop.model;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<Model, UUID> {

    Page<Model> findByName(String name, Pageable pageable);

    @Query("select m.id, m.version from Model m where m.name = :name order by m.version desc limit 1")
    java.util.List<Object[]> latest(String name);

    @Query("select m.id, m.version from Model m where m.name = :name and m.version = :version")
    java.util.List<Object[]> byVersion(String name, int version);

    @Query("select m.version from Model m where m.name = :name order by m.version")
    java.util.List<Integer> versions(String name);

    @Query("select coalesce(max(m.version), 0) from Model m where m.name = :name")
    int maxVersion(String name);
}
