package dev.backprop.system;

/** The paths of the Open Inference Protocol (/v2), whose errors are {"error": "..."}, not problem+json. */
public final class InferenceProtocolPaths {

    private InferenceProtocolPaths() {
    }

    /** Whether a path (without the context path) is under /v2. */
    public static boolean contains(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }
}
