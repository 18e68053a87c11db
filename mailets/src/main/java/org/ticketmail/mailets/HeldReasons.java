package org.ticketmail.mailets;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of reason a mail is held for, as the metrics and the status page group them; the reason itself,
 * with its details, stays on the held mail.
 */
public final class HeldReasons {
    /** A reason's start, and its kind. Checked in order. */
    private static final List<String[]> KINDS = List.of(
            new String[] {"automatic mail", "automatic"},
            new String[] {"processing failed", "failure"},
            new String[] {"recorded before", "repeat"},
            new String[] {"delivery failure report", "bounce"},
            new String[] {"not for the support address", "relay-refused"},
            new String[] {"relay limit exceeded", "loop"},
            new String[] {"calendar", "calendar"},
            new String[] {"spam", "spam"},
            new String[] {"ticket limit", "limit"});

    /** Every kind, in the order the status page lists them; {@code other} last. */
    public static final List<String> ALL = List.of("automatic", "failure", "repeat", "bounce", "relay-refused", "loop", "calendar",
            "spam", "limit", "other");

    private HeldReasons() {
    }

    /** How the reasons of a kind start, for listing held mail of one kind ({@code /api/held?reason=spam}); empty for other. */
    public static java.util.Optional<String> prefix(String kind) {
        return KINDS.stream().filter(k -> k[1].equals(kind)).map(k -> k[0]).findFirst();
    }

    /** {@code automatic}, {@code failure}, {@code repeat}, {@code bounce}, {@code relay-refused}, {@code loop}, ... or {@code other}. */
    public static String kind(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        for (String[] k : KINDS) {
            if (r.startsWith(k[0])) {
                return k[1];
            }
        }
        return r.contains("calendar") || r.contains("invitation") ? "calendar" : "other";
    }
}
