package dev.backprop.model;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<Model, UUID> {

    Page<Model> findByName(String name, Pageable pageable);

    @Query("select coalesce(max(m.version), 0) from Model m where m.name = :name")
    int maxVersion(String name);
}
