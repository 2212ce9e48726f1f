package dev.backprop.model;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface EvaluationRepository extends JpaRepository<Evaluation, UUID> {

    Page<Evaluation> findByModelId(UUID modelId, Pageable pageable);

    Optional<Evaluation> findByIdAndModelId(UUID id, UUID modelId);

    Optional<Evaluation> findFirstByModelIdOrderByCreatedAtDesc(UUID modelId);
}
