package dev.backprop.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * The Accept header as generated clients send it. OpenAPI generators list the error type,
 * application/problem+json, in Accept - some first, some alone - so a client that accepts any JSON
 * type also accepts what the operation itself answers (a PNG, a CSV, an event stream, JSON) rather
 * than getting 406. A client that names only other types (image/svg+xml) is still held to them.
 */
final class JsonClientAccept implements ContentNegotiationStrategy {

    private static final MediaType ANYTHING_ELSE = new MediaType("*", "*", 0.01);

    private final HeaderContentNegotiationStrategy header = new HeaderContentNegotiationStrategy();

    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
        List<MediaType> accepted = header.resolveMediaTypes(request);
        if (accepted.stream().anyMatch(MediaType::isWildcardType) || accepted.stream().noneMatch(JsonClientAccept::json)) {
            return accepted;
        }
        List<MediaType> widened = new ArrayList<>(accepted);
        widened.add(ANYTHING_ELSE);
        return widened;
    }

    private static boolean json(MediaType type) {
        return "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
    }
}
