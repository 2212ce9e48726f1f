package dev.backprop.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Charts drawn on the server by XChart and sent as PNG or SVG, sized within bounds, so that curl
 * users and pages alike get a picture without drawing it themselves.
 */
public final class Charts {

    /** The smallest and largest width or height an image may be asked for, in pixels. */
    public static final int MIN_SIZE = 200;
    public static final int MAX_SIZE = 2000;

    public static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

    /** How a chart is encoded. */
    public enum Format {
        PNG,
        SVG
    }

    private Charts() {
    }

    /** The chart as an HTTP answer: its bytes, content type, and a cache header (charts of a running job change). */
    public static ResponseEntity<byte[]> response(Chart<?, ?> chart, Format format) {
        var out = new ByteArrayOutputStream();
        try {
            if (format == Format.SVG) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .contentType(format == Format.SVG ? SVG : MediaType.IMAGE_PNG)
                .header("Cache-Control", "no-store")
                .body(out.toByteArray());
    }
}
