package dev.backprop.dataset;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<Dataset, UUID> {
}
