package gatehouse.config;

/** Request data on its way into a log: one line, whatever the request held. */
public final class Logs {

    private Logs() {
    }

    /** Escapes CR, LF and every other control character, so that logged text cannot forge log lines. */
    public static String safe(Object value) {
        String text = String.valueOf(value);
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (safe == null) {
                    safe = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                safe.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else if (safe != null) {
                safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }
}
