package dev.backprop.training;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SearchTrialRepository extends JpaRepository<SearchTrial, SearchTrial.Key> {

    List<SearchTrial> findBySearchIdOrderByNumber(UUID searchId);

    @Query("select t.status, count(t) from SearchTrial t where t.searchId = :searchId group by t.status")
    List<Object[]> countByStatus(UUID searchId);
}
