package dev.backprop.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds JSON request bodies by {@code backprop.http.max-json-body}: a declared length above it is
 * answered 413 before a byte is read; a chunked body is cut off with a 413 when it passes the limit.
 * Runs after authentication, so a caller without a key gets its 401 without the body being read.
 */
@Component
class JsonBodyLimitFilter extends OncePerRequestFilter {

    private static final MediaType JSON = new MediaType("application", "*+json");

    private final long limit;

    JsonBodyLimitFilter(HttpProperties properties) {
        this.limit = properties.maxJsonBody().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isJson(request.getContentType());
    }

    /** application/json or a +json type; an unparseable type is left to the handler's 415. */
    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(JSON);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            ErrorBodies.write(request, response, 413, "Content Too Large", message());
            return;
        }
        chain.doFilter(new Limited(request), response);
    }

    private String message() {
        return "The JSON body is larger than " + limit + " bytes, the configured limit (backprop.http.max-json-body);"
                + " send large datasets as a CSV upload";
    }

    /** The request with its body counted as it is read. */
    private final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }
    }

    private final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final LimitedInputStream limited;

        Counting(ServletInputStream in) {
            this.in = in;
            this.limited = new LimitedInputStream(in, limit, message());
        }

        @Override
        public int read() throws IOException {
            return limited.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return limited.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
