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
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                return true;
            }
        }
        return false;
    }
}
