package dev.backprop.training;

import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-Sent Events of a watched thing: `progress` whenever it changes, then `end` with it, then the stream ends. */
final class EventStreams {

    /** How long a stream stays open at most; a client that wants more opens another. */
    private static final long TIMEOUT_MILLIS = 3_600_000;

    private EventStreams() {
    }

    /**
     * An event stream fed by the subscription {@code subscribe} makes for its listener; the
     * subscription ends with the stream. {@code what} names the thing when it vanishes.
     */
    static <T> SseEmitter open(String what, Function<Watcher.Listener<T>, Watcher.Subscription> subscribe) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        Watcher.Subscription subscription = subscribe.apply(new Watcher.Listener<>() {
            @Override
            public void progress(T value) throws Exception {
                emitter.send(SseEmitter.event().name("progress").data(value, MediaType.APPLICATION_JSON));
            }

            @Override
            public void end(T value) throws Exception {
                if (value == null) {
                    emitter.completeWithError(new IllegalStateException(what + " was deleted"));
                    return;
                }
                emitter.send(SseEmitter.event().name("end").data(value, MediaType.APPLICATION_JSON));
                emitter.complete();
            }
        });
        emitter.onCompletion(subscription::cancel);
        emitter.onTimeout(subscription::cancel);
        emitter.onError(e -> subscription.cancel());
        return emitter;
    }
}
