package dev.backprop.system;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through until a limit, then refuses with a 413 rather than reading on. */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String refusal;
    private long count;

    /** @param refusal the 413's detail, naming the limit and the property that sets it */
    public LimitedInputStream(InputStream in, long limit, String refusal) {
        super(in);
        this.limit = limit;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        count += n;
        if (count > limit) {
            throw new PayloadTooLargeException(refusal);
        }
    }
}
