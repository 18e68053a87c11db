package org.ticketmail.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ticketmail.store.directory.Directory;

/**
 * Reads and checks a CSV file of tickets exported from another help desk, for {@code ticketmail import-tickets}
 * (seed 004, "Ticket import by CSV"); {@link TicketStore#importTickets} writes what it accepts.
 *
 * <p>The file is UTF-8, quoted as RFC 4180 has it (a field with a comma, a double quote or a line break is written
 * in double quotes, each quote inside doubled). Its first line names the columns, in any order, each at most once:
 * {@link #COLUMNS}; {@code subject} is required, the others may be left out or left empty. Blank lines are skipped.
 * A file that cannot be read that way (not UTF-8, no header, an unknown, repeated or missing column, broken quoting)
 * is refused whole with a {@link FileException}. Otherwise every data row is checked and every bad row is reported
 * with the line it starts on (the header is line 1; a quoted field with line breaks spans several lines) and all
 * that is wrong with it.
 *
 * <p>Local dates and times of {@code created} are read in the clock's zone ({@code calendar.timezone} in the
 * appliance); a row without one was created at the clock's instant, and none may be later than that.
 *
 * <p>Each good row has a stable key ({@code import:} and the SHA-256 of its fields as checked, with no default
 * filled in), recorded with the ticket it becomes so that importing the same file again skips it. Thread-safe.
 */
public final class TicketImport {
    /** The columns a file may have, as its header names them. */
    public static final List<String> COLUMNS = List.of("subject", "account", "contact", "manager", "status", "priority", "created",
            "text");
    /** The priorities, as {@code #priority} names them. */
    public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    /** The longest subject a ticket keeps (the store's column); a longer one is cut. */
    static final int MAX_SUBJECT = 2000;
    static final String KEY_PREFIX = "import:";
    /** The longest mail address (RFC 5321: 64 + 1 + 255), as the store's address columns hold it. */
    private static final int MAX_ADDRESS = 320;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** As conf/directory.yaml checks addresses: one @, something on each side, no space. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String QUOTING = "a field with a comma, a double quote or a line break is written in double quotes,"
            + " each double quote inside it doubled";

    /** A row that passed every check, as it becomes a ticket. */
    public record Row(int line, String subject, String account, String contact, String manager, TicketStatus status,
                      String priority, Instant created, String text, String key) {
        public Row {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(key, "key");
        }
    }

    /** A row that cannot be imported: the line it starts on, and everything wrong with it. */
    public record BadRow(int line, String reason) {
    }

    /** What a file holds: the rows to import and the bad rows, each in file order. */
    public record Checked(List<Row> rows, List<BadRow> bad) {
        public Checked {
            rows = List.copyOf(rows);
            bad = List.copyOf(bad);
        }

        /** The data rows of the file (blank lines are no rows). */
        public int count() {
            return rows.size() + bad.size();
        }
    }

    /** A row that became a ticket, or would in a dry run ({@code number} then null). */
    public record Imported(int line, String number) {
    }

    /**
     * What an import did (or, in a dry run, would do): the rows imported, in file order, and those skipped because
     * an earlier import of the same row made their ticket.
     */
    public record Outcome(List<Imported> imported, List<Integer> skippedLines) {
        public Outcome {
            imported = List.copyOf(imported);
            skippedLines = List.copyOf(skippedLines);
        }
    }

    /** The file as a whole cannot be read as the documented CSV; nothing of it was checked row by row. */
    public static final class FileException extends IllegalArgumentException {
        public FileException(String message) {
            super(message);
        }
    }

    private final Directory directory;
    private final Clock clock;

    /**
     * @param directory the employees and accounts rows may name (conf/directory.yaml)
     * @param clock the import's time, and the zone local dates and times are read in
     */
    public TicketImport(Directory directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks every row of {@code csv}.
     *
     * @throws FileException when the file is not UTF-8, has no header or a bad one, or its quoting is broken
     */
    public Checked check(byte[] csv) {
        String text = utf8(csv);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte order mark spreadsheets write before UTF-8 CSV
        }
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            long before = parser.getCurrentLineNumber();
            Header header = null;
            while (true) {
                int line = (int) before + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw quoting(line, e);
                }
                before = parser.getCurrentLineNumber();
                if (blank(record)) {
                    continue;
                }
                if (header == null) {
                    header = header(line, record);
                    continue;
                }
                check(line, record, header, now, seen, rows, bad);
            }
            if (header == null) {
                throw new FileException("the file is empty; its first line names the columns, e.g. " + String.join(",", COLUMNS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // parsing a String reads no file
        }
        return new Checked(rows, bad);
    }

    private void check(int line, CSVRecord record, Header header, Instant now, Map<String, Integer> seen,
                       List<Row> rows, List<BadRow> bad) {
        if (record.size() != header.width()) {
            bad.add(new BadRow(line, "it has " + record.size() + (record.size() == 1 ? " field" : " fields") + " where the header has "
                    + header.width()));
            return;
        }
        List<String> problems = new ArrayList<>();
        String subject = field(record, header, "subject").strip();
        if (subject.isEmpty()) {
            problems.add("subject is empty; every ticket needs one");
        }
        String account = field(record, header, "account").strip();
        if (!account.isEmpty() && directory.account(account).isEmpty()) {
            problems.add("account '" + account + "' is not an account id of conf/directory.yaml; add it there or leave account empty");
        }
        String contact = field(record, header, "contact").strip().toLowerCase(Locale.ROOT);
        if (!contact.isEmpty() && !ADDRESS.matcher(contact).matches()) {
            problems.add("contact '" + field(record, header, "contact").strip() + "' is not a mail address, e.g. dana@acme.example");
        } else if (contact.length() > MAX_ADDRESS) {
            problems.add("contact is longer than a mail address may be (" + MAX_ADDRESS + " characters)");
        }
        String manager = field(record, header, "manager").strip();
        if (!manager.isEmpty() && directory.employee(manager).isEmpty()) {
            problems.add("manager '" + manager + "' is not an employee id of conf/directory.yaml; add the employee there or leave"
                    + " manager empty");
        }
        String statusText = field(record, header, "status").strip();
        Optional<TicketStatus> status = statusText.isEmpty() ? Optional.of(TicketStatus.NEW) : TicketStatus.find(statusText);
        if (status.isEmpty()) {
            problems.add("status '" + statusText + "' is not a status; statuses are " + TicketStatus.names());
        }
        String priority = field(record, header, "priority").strip().toLowerCase(Locale.ROOT);
        if (priority.isEmpty()) {
            priority = "normal";
        } else if (!PRIORITIES.contains(priority)) {
            problems.add("priority '" + field(record, header, "priority").strip() + "' is not a priority; priorities are "
                    + String.join(", ", PRIORITIES));
        }
        String createdText = field(record, header, "created").strip();
        Instant created = null;
        if (!createdText.isEmpty()) {
            created = instant(createdText);
            if (created == null) {
                problems.add("created '" + createdText + "' is not a date or time; write 2021-01-21, 2021-01-21 19:24:19 (read in "
                        + clock.getZone().getId() + ") or 2021-01-21T19:24:19Z");
            } else if (created.isAfter(now)) {
                problems.add("created '" + createdText + "' is in the future");
            }
        }
        String text = lines(field(record, header, "text"));
        if (!problems.isEmpty()) {
            bad.add(new BadRow(line, String.join("; ", problems)));
            return;
        }
        String key = key(subject, account, contact, manager, status.get().jsonName(), priority,
                created == null ? "" : created.toString(), text);
        Integer first = seen.putIfAbsent(key, line);
        if (first != null) {
            bad.add(new BadRow(line, "the same ticket as line " + first + "; a file holds each ticket once"));
            return;
        }
        rows.add(new Row(line, truncate(subject), account.isEmpty() ? null : account, contact.isEmpty() ? null : contact,
                manager.isEmpty() ? null : manager, status.get(), priority, created == null ? now : created, text, key));
    }

    /** The header's columns by name, each to its index; refuses unknown, repeated and missing ones in one message. */
    private static Header header(int line, CSVRecord record) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).strip();
            if (!COLUMNS.contains(name)) {
                unknown.add(name);
            } else if (columns.putIfAbsent(name, i) != null) {
                repeated.add(name);
            }
        }
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add(quoted(unknown) + (unknown.size() == 1 ? " is not a column" : " are not columns"));
        }
        if (!repeated.isEmpty()) {
            problems.add(quoted(repeated) + (repeated.size() == 1 ? " is named twice" : " are named twice"));
        }
        if (!columns.containsKey("subject")) {
            problems.add("there is no subject column, which every ticket needs");
        }
        if (!problems.isEmpty()) {
            throw new FileException("line " + line + ", the header: " + String.join("; ", problems) + ". The columns are "
                    + String.join(", ", COLUMNS) + ", in any order, each at most once");
        }
        return new Header(columns, record.size());
    }

    /** Where each column the header names is ({@code index}), and how many fields a row has ({@code width}). */
    private record Header(Map<String, Integer> index, int width) {
    }

    private static String field(CSVRecord record, Header header, String name) {
        Integer i = header.index().get(name);
        return i == null ? "" : record.get(i);
    }

    /** The created time: an offset or instant as given, a local date-time or a date (its midnight) in the clock's zone. */
    private Instant instant(String value) {
        String v = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset or zone
        }
        try {
            return LocalDateTime.parse(v, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code import:} and the SHA-256 of the fields as checked (lower-cased contact, status and priority named as the
     * store names them, created as an instant or empty), each preceded by its length so no two rows share one.
     */
    static String key(String... fields) {
        StringBuilder joined = new StringBuilder();
        for (String f : fields) {
            joined.append(f.length()).append(':').append(f);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.toString().getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    /** Line breaks inside a quoted field as the store keeps text: {@code \n}, whichever the file used. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String truncate(String subject) {
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
    }

    private static String quoted(Set<String> names) {
        return names.stream().map(n -> "'" + n + "'").reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static FileException quoting(int line, UncheckedIOException e) {
        String detail = e.getCause() instanceof CSVException csv ? csv.getMessage() : String.valueOf(e.getCause());
        if (detail.contains("EOF reached before encapsulated token finished")) {
            return new FileException("line " + line + ": a quoted field is not closed before the end of the file; " + QUOTING);
        }
        return new FileException("line " + line + ": the quoting is broken (" + detail.replaceFirst("^\\(startline \\d+\\) ", "")
                + "); " + QUOTING);
    }

    /** The bytes as UTF-8; refuses any byte that is not, naming its line. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new FileException("line " + line + " is not UTF-8 text; save the file as CSV UTF-8");
        }
        return out.flip().toString();
    }
}
