package dev.backprop.system;

/** Rules for the names and labels clients give: no control characters (C0, DEL, C1). */
public final class Text {

    /** For {@code @Pattern}: any text without a control character. */
    public static final String NO_CONTROL = "[^\\p{Cc}]*";

    public static final String NO_CONTROL_MESSAGE = "must not hold control characters (U+0000-U+001F, U+007F-U+009F)";

    private Text() {
    }

    /** Whether {@code text} holds a control character: a NUL, a line break, an escape, a C1 code. */
    public static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
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
