package dev.backprop.training;

import dev.backprop.system.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Watches things by id for subscribers to their progress: one poller reads each watched thing once
 * per tick, however many subscribers it has, and tells each of them when it changed, until it ends
 * or the subscriber leaves.
 *
 * @param <T> what a subscriber is told: the thing as clients see it
 */
final class Watcher<T> {

    /** What a subscriber is told; a listener that throws is dropped. */
    interface Listener<T> {
        void progress(T value) throws Exception;

        /** It ended (the last progress event was sent before), or vanished (null). */
        void end(T value) throws Exception;
    }

    /** A subscription; cancel it when the client goes away. */
    interface Subscription {
        void cancel();
    }

    private final Function<UUID, T> read;
    private final BiPredicate<T, T> changed;
    private final Predicate<T> ended;
    private final Map<UUID, List<Subscriber>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    /**
     * @param read the thing as it stands; throws {@link NotFoundException} once it is gone
     * @param changed whether the second differs from the first in what subscribers hear of
     * @param ended whether it has ended: its subscribers hear of it one last time
     */
    Watcher(String name, Duration tick, Function<UUID, T> read, BiPredicate<T, T> changed, Predicate<T> ended) {
        this.read = read;
        this.changed = changed;
        this.ended = ended;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        poller.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        poller.shutdownNow();
    }

    /** Follows a thing from {@code current}, which the caller has just read (so an unknown id is its 404). */
    Subscription subscribe(UUID id, T current, Listener<T> listener) {
        Subscriber subscriber = new Subscriber(id, listener);
        poller.execute(() -> {
            if (subscriber.deliver(current)) {
                watched.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(subscriber);
            }
        });
        return () -> poller.execute(() -> remove(subscriber));
    }

    private void tick() {
        for (Map.Entry<UUID, List<Subscriber>> entry : watched.entrySet()) {
            T value;
            try {
                value = read.apply(entry.getKey());
            } catch (NotFoundException e) {
                value = null;
            } catch (RuntimeException e) {
                continue; // the database is busy or away: try again next tick
            }
            for (Subscriber subscriber : entry.getValue()) {
                if (!subscriber.deliver(value)) {
                    remove(subscriber);
                }
            }
        }
    }

    private void remove(Subscriber subscriber) {
        watched.computeIfPresent(subscriber.id, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    private final class Subscriber {
        private final UUID id;
        private final Listener<T> listener;
        private T last;

        Subscriber(UUID id, Listener<T> listener) {
            this.id = id;
            this.listener = listener;
        }

        /** Tells the listener what changed; false once it needs no more (it ended, or the listener failed). */
        boolean deliver(T value) {
            try {
                if (value == null) {
                    listener.end(null);
                    return false;
                }
                if (last == null || changed.test(last, value)) {
                    listener.progress(value);
                    last = value;
                }
                if (ended.test(value)) {
                    listener.end(value);
                    return false;
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
