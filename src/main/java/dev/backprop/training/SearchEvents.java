package dev.backprop.training;

import jakarta.annotation.PreDestroy;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Watches searches for subscribers to their progress: told when a search's status, its trials'
 * counts by status, its best trial or its refit job change, until it ends.
 */
@Service
class SearchEvents {

    private final Watcher<SearchResponse> watcher;

    SearchEvents(SearchService searches) {
        this.watcher = new Watcher<>("search-events", TrainingJobEvents.TICK, searches::get,
                (last, now) -> last.status() != now.status() || !last.trialCounts().equals(now.trialCounts())
                        || !Objects.equals(last.best(), now.best()) || last.cancelRequested() != now.cancelRequested()
                        || !Objects.equals(last.refitJobId(), now.refitJobId()),
                search -> search.status().terminal());
    }

    @PreDestroy
    void stop() {
        watcher.stop();
    }

    /** Follows a search from {@code current}, which the caller has just read (so an unknown id is its 404). */
    Watcher.Subscription subscribe(UUID id, SearchResponse current, Watcher.Listener<SearchResponse> listener) {
        return watcher.subscribe(id, current, listener);
    }
}
