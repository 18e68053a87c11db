package org.ticketmail.store.sla;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ticketmail.store.StoreException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The service levels of {@code conf/sla.yaml} and the holidays of {@code conf/holidays.txt}: which SLAs exist, the
 * one an account without {@code sla:} gets, the zone their hours are read in, and who hears of every breach.
 * Every mistake is one {@link StoreException} line naming the file, the key (or line) and the fault. Immutable.
 *
 * @param slas the levels by id, in file order
 * @param defaultId the level of accounts that name none, and of tickets without an account; empty: none
 * @param escalation addresses told of every breach, whatever the level
 * @param zone the zone the levels' hours and the holidays are read in
 */
public record SlaBook(Map<String, SlaTerms> slas, Optional<String> defaultId, List<String> escalation, ZoneId zone,
                      Set<LocalDate> holidays) {
    /** The account key that turns SLAs off for an account: {@code sla: none}. */
    public static final String NONE = "none";
    private static final Set<String> ROOT_KEYS = Set.of("timezone", "default", "escalation", "slas");
    private static final Set<String> SLA_KEYS = Set.of("name", "type", "responseHours", "lifetimeHours", "inactivityHours",
            "maxOpenTickets", "startHour", "endHour", "weekendsOff", "holidaysOff", "escalation", "openTicketLimit", "openTicketLimitMode",
            "totalTicketLimit", "totalTicketLimitMode");
    private static final Pattern HOUR = Pattern.compile("(\\d{1,2})(?::(\\d{2}))?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** The longest limit: over a year of round-the-clock hours, beyond any contract, and what the clocks can always reach. */
    private static final int MAX_HOURS = 10000;

    public SlaBook {
        slas = Collections.unmodifiableMap(new LinkedHashMap<>(slas));
        escalation = List.copyOf(escalation);
        holidays = Collections.unmodifiableSet(new TreeSet<>(holidays));
    }

    /** No levels at all: what runs without conf/sla.yaml. */
    public static SlaBook none(ZoneId zone) {
        return new SlaBook(Map.of(), Optional.empty(), List.of(), zone, Set.of());
    }

    /**
     * The level of an account that names {@code slaId} (null: it names none, so the default), or empty when it has none.
     */
    public Optional<SlaTerms> forAccount(String slaId) {
        if (slaId == null) {
            return defaultId.map(slas::get);
        }
        return NONE.equals(slaId) ? Optional.empty() : Optional.ofNullable(slas.get(slaId));
    }

    public boolean defines(String slaId) {
        return slaId == null || NONE.equals(slaId) || slas.containsKey(slaId);
    }

    /** The business hours of {@code terms}, in this book's zone and with its holidays. */
    public BusinessHours hours(SlaTerms terms) {
        return BusinessHours.of(terms, zone, holidays);
    }

    /** Who hears of a breach of {@code terms} besides the owner: the level's addresses, then the book's. */
    public List<String> escalationFor(SlaTerms terms) {
        Set<String> out = new LinkedHashSet<>(terms.escalation());
        out.addAll(escalation);
        return List.copyOf(out);
    }

    /**
     * Reads {@code slaFile} (absent: no levels) and {@code holidaysFile} (absent: no holidays).
     *
     * @param defaultZone the zone when the file sets no {@code timezone} (calendar.timezone)
     */
    public static SlaBook load(Path slaFile, Path holidaysFile, ZoneId defaultZone) {
        Set<LocalDate> holidays = Files.isRegularFile(holidaysFile) ? holidays(read(holidaysFile, "conf/holidays.txt"), "conf/holidays.txt")
                : Set.of();
        if (!Files.isRegularFile(slaFile)) {
            return new SlaBook(Map.of(), Optional.empty(), List.of(), defaultZone, holidays);
        }
        return parse(read(slaFile, "conf/sla.yaml"), "conf/sla.yaml", defaultZone, holidays);
    }

    /** Parses the holidays: one ISO date ({@code 2026-12-25}) a line, then anything (its name); {@code #} starts a comment. */
    public static Set<LocalDate> holidays(String text, String shownName) {
        Set<LocalDate> out = new TreeSet<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String first = line.split("\\s+", 2)[0];
            try {
                out.add(LocalDate.parse(first));
            } catch (DateTimeParseException e) {
                throw new StoreException(shownName + " line " + (i + 1) + ": '" + first
                        + "' is not a date as YYYY-MM-DD; write one holiday a line, e.g. 2026-12-25 Christmas Day");
            }
        }
        return out;
    }

    /** Parses conf/sla.yaml; {@code shownName} is how messages name it. */
    public static SlaBook parse(String yaml, String shownName, ZoneId defaultZone, Set<LocalDate> holidays) {
        return new Parser(shownName).parse(yaml, defaultZone, holidays);
    }

    private static String read(Path file, String shownName) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException(shownName + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static final class Parser {
        private final String file;

        Parser(String file) {
            this.file = file;
        }

        SlaBook parse(String yaml, ZoneId defaultZone, Set<LocalDate> holidays) {
            Object root;
            try {
                root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            } catch (YAMLException e) {
                throw error("", "not valid YAML (" + e.getMessage().replace('\n', ' ') + ")");
            }
            if (root == null) {
                return new SlaBook(Map.of(), Optional.empty(), List.of(), defaultZone, holidays);
            }
            Map<?, ?> top = map(root, "the top level");
            checkKeys(top, ROOT_KEYS, "");
            ZoneId zone = defaultZone;
            if (top.get("timezone") != null && !top.get("timezone").toString().isBlank()) {
                try {
                    zone = ZoneId.of(top.get("timezone").toString().strip());
                } catch (DateTimeException e) {
                    throw error("timezone", "'" + top.get("timezone") + "' is not an IANA time zone, e.g. Europe/Berlin");
                }
            }
            Map<String, SlaTerms> slas = new LinkedHashMap<>();
            Object rawSlas = top.get("slas");
            if (rawSlas != null) {
                for (Map.Entry<?, ?> e : map(rawSlas, "slas").entrySet()) {
                    String id = String.valueOf(e.getKey());
                    if (!ID.matcher(id).matches() || NONE.equals(id)) {
                        throw error("slas." + id, "'" + id + "' is not an SLA id: letters, digits, '-', '_' and '.', not 'none'");
                    }
                    slas.put(id, terms(id, map(e.getValue(), "slas." + id)));
                }
            }
            Optional<String> defaultId = Optional.ofNullable(top.get("default")).map(Object::toString).map(String::strip)
                    .filter(s -> !s.isEmpty() && !NONE.equals(s));
            if (defaultId.isPresent() && !slas.containsKey(defaultId.get())) {
                throw error("default", "'" + defaultId.get() + "' is not one of the slas defined here ("
                        + (slas.isEmpty() ? "none" : String.join(", ", slas.keySet())) + ")");
            }
            return new SlaBook(slas, defaultId, addresses(top.get("escalation"), "escalation"), zone, holidays);
        }

        private SlaTerms terms(String id, Map<?, ?> m) {
            String where = "slas." + id;
            checkKeys(m, SLA_KEYS, where);
            SlaType type = SlaType.NORMAL;
            if (m.get("type") != null) {
                type = SlaType.find(m.get("type").toString()).orElseThrow(() -> error(where + ".type", "'" + m.get("type")
                        + "' is not a type; types are " + SlaType.names()));
            }
            int start = hour(m.get("startHour"), where + ".startHour", 0);
            int end = hour(m.get("endHour"), where + ".endHour", 24 * 60);
            if (start >= end) {
                throw error(where + ".endHour", "must be after startHour (both within one day, e.g. startHour: 9, endHour: 18)");
            }
            int max = count(m, "maxOpenTickets", where);
            TicketLimits limits = new TicketLimits(count(m, "openTicketLimit", where), mode(m, "openTicketLimitMode", where),
                    count(m, "totalTicketLimit", where), mode(m, "totalTicketLimitMode", where));
            return new SlaTerms(id, m.get("name") == null ? id : m.get("name").toString(), type,
                    hours(m.get("responseHours"), where + ".responseHours"), hours(m.get("lifetimeHours"), where + ".lifetimeHours"),
                    hours(m.get("inactivityHours"), where + ".inactivityHours"), max, start, end,
                    bool(m.get("weekendsOff"), where + ".weekendsOff", false), bool(m.get("holidaysOff"), where + ".holidaysOff", false),
                    addresses(m.get("escalation"), where + ".escalation"), limits);
        }

        /** A whole number >= 0; absent: 0 (no limit). */
        private int count(Map<?, ?> m, String key, String where) {
            Object value = m.get(key);
            if (value == null) {
                return 0;
            }
            if (!(value instanceof Integer i) || i < 0) {
                throw error(where + "." + key, "'" + value + "' is not a whole number >= 0 (0: no limit)");
            }
            return i;
        }

        /** force or warn; absent: warn. */
        private TicketLimits.Mode mode(Map<?, ?> m, String key, String where) {
            Object value = m.get(key);
            if (value == null) {
                return TicketLimits.Mode.WARN;
            }
            return TicketLimits.Mode.find(value.toString()).orElseThrow(() -> error(where + "." + key, "'" + value
                    + "' is not force (refuse the ticket) or warn (open it and tell its manager)"));
        }

        /** A limit in hours (decimals allowed: 0.5 is 30 minutes); absent or 0: no limit. */
        private Optional<Duration> hours(Object value, String where) {
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= MAX_HOURS)) {
                throw error(where, "'" + value + "' is not a number of hours from 0 to " + MAX_HOURS + ", e.g. 4 or 0.5 (0: no limit)");
            }
            long seconds = Math.round(n.doubleValue() * 3600);
            return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        }

        /** An hour of the day as 9, 24 or "08:30"; returns minutes after midnight. */
        private int hour(Object value, String where, int absent) {
            if (value == null) {
                return absent;
            }
            Matcher mm = HOUR.matcher(value.toString().strip());
            if (mm.matches()) {
                int h = Integer.parseInt(mm.group(1));
                int minute = mm.group(2) == null ? 0 : Integer.parseInt(mm.group(2));
                if (minute < 60 && (h < 24 || h == 24 && minute == 0)) {
                    return h * 60 + minute;
                }
            }
            throw error(where, "'" + value + "' is not an hour of the day from 0 to 24, e.g. 9 or \"08:30\"");
        }

        private boolean bool(Object value, String where, boolean absent) {
            if (value == null) {
                return absent;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            throw error(where, "'" + value + "' is not true or false");
        }

        private List<String> addresses(Object value, String where) {
            if (value == null) {
                return List.of();
            }
            List<?> raw = value instanceof List<?> l ? l : List.of(value);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                String a = String.valueOf(raw.get(i)).strip().toLowerCase(Locale.ROOT);
                int at = a.indexOf('@');
                if (at <= 0 || at != a.lastIndexOf('@') || at == a.length() - 1 || a.contains(" ")) {
                    throw error(where + (value instanceof List<?> ? "[" + i + "]" : ""), "'" + raw.get(i)
                            + "' is not a mail address, e.g. escalations@helpdesk.example");
                }
                out.add(a);
            }
            return out;
        }

        private Map<?, ?> map(Object node, String where) {
            if (node instanceof Map<?, ?> m) {
                return m;
            }
            throw error(where.equals("the top level") ? "" : where, "must be a mapping of keys to values");
        }

        private void checkKeys(Map<?, ?> m, Set<String> known, String where) {
            for (Object key : m.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    throw error((where.isEmpty() ? "" : where + ".") + key, "is not a known key; known keys are "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                }
            }
        }

        private StoreException error(String where, String what) {
            return new StoreException(file + ": " + (where.isEmpty() ? "" : where + " ") + what);
        }
    }
}
