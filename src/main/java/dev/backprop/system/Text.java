package dev.backprop.system;

/**
 * Rules for the names and labels clients give: no control characters (C0, DEL, C1), and no half of
 * a surrogate pair (JSON can spell one, {@code "\uD800"}, but no UTF-8 text or database can hold it).
 */
public final class Text {

    /**
     * For {@code @Pattern}: any text without a control character or a lone surrogate, anchored and in
     * the syntax ECMA-262, Python and Java share, because the OpenAPI document publishes it for
     * generated clients. Java and ECMA-262's Unicode mode match code points, so a surrogate pair (an
     * emoji) is one character outside the ranges and only half a pair is refused.
     */
    public static final String NO_CONTROL = "^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$";

    public static final String NO_CONTROL_MESSAGE =
            "must not hold control characters (U+0000-U+001F, U+007F-U+009F) or unpaired surrogates";

    private Text() {
    }

    /**
     * Whether {@code text} holds a control character (a NUL, a line break, an escape, a C1 code) or
     * a surrogate without its other half.
     */
    public static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Unicode's Cc: U+0000-U+001F and U+007F-U+009F. */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }
}
