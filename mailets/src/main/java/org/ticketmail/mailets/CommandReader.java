package org.ticketmail.mailets;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ticketmail.store.Commands;
import org.ticketmail.store.CommandsRefused.Refusal;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;

/**
 * Technicians' commands (DESIGN.md, "Commands"): the lines {@code #word args} at the top of a verified
 * employee's new text, before anything else they wrote. {@link #split} finds them; {@link #read} turns
 * each into a {@link TicketChange} for the store, or a refusal that quotes the line and says what is
 * allowed. What depends on the ticket (the status map, the lock, who may close) is checked by the store,
 * in the recording transaction. Pure; thread-safe.
 */
public final class CommandReader {
    /** The commands, in the order the README lists them. */
    static final List<String> COMMANDS = List.of("assign", "status", "priority", "close", "reopen", "lock", "unlock", "internal",
            "public", "subscribe", "unsubscribe", "add", "remove", "inbox", "done", "account", "time", "schedule", "unschedule");
    static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    private static final Pattern LINE = Pattern.compile("^[ \\t]*#([A-Za-z]+)(?:[ \\t]+(.*))?$");
    private static final Pattern DURATION = Pattern.compile("(?i)(?:(\\d{1,3})h)?(?:(\\d{1,4})m(?:in)?)?");
    private static final int MAX_MINUTES = 24 * 60;

    /** The command lines at the top of a text, and the text without them. */
    public record Split(List<String> lines, String rest) {
        public Split {
            lines = List.copyOf(lines);
        }
    }

    /** What a mail's command lines ask for. */
    public record Read(List<Commands.Requested> changes, Optional<Boolean> makePublic, List<String> mailLines,
                       List<Refusal> refusals) {
        public Read {
            changes = List.copyOf(changes);
            mailLines = List.copyOf(mailLines);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Turns a {@code #schedule} into a slot of a technician's time: an explicit start is checked against their
     * busy time and scheduled tickets, {@code next} finds the first free slot inside working hours.
     */
    @FunctionalInterface
    public interface Planner {
        /**
         * @param at the local date and time asked for, or empty for the first free slot
         * @throws IllegalArgumentException saying why the slot cannot be had, with the next free one
         */
        Schedule plan(Employee technician, Optional<LocalDateTime> at, Duration length);
    }

    /** A planner for a gateway without scheduling: every {@code #schedule} is refused. */
    public static final Planner NO_PLANNER = (technician, at, length) -> {
        throw new IllegalArgumentException("scheduling is not set up on this gateway");
    };

    private static final Pattern SCHEDULE = Pattern.compile(
            "(?i)(?:([A-Za-z0-9._-]+)\\s+)??(?:(next)|(\\d{4}-\\d{2}-\\d{2})\\s+(\\d{1,2}:\\d{2}))(?:\\s+(\\S+))?");
    private static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

    private final Directory directory;
    private final StatusMap map;
    private final Planner planner;

    public CommandReader(Directory directory, StatusMap map) {
        this(directory, map, NO_PLANNER);
    }

    public CommandReader(Directory directory, StatusMap map, Planner planner) {
        this.directory = directory;
        this.map = map;
        this.planner = planner;
    }

    /**
     * The command lines at the top of {@code text}: blank lines before and between them are skipped; the
     * first other line ends them. A text without them comes back whole.
     */
    public static Split split(String text) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        String[] lines = normalized.split("\n", -1);
        List<String> commands = new ArrayList<>();
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (!LINE.matcher(line).matches()) {
                break;
            }
            commands.add(line.strip());
        }
        if (commands.isEmpty()) {
            return new Split(List.of(), text);
        }
        StringBuilder rest = new StringBuilder();
        for (int j = i; j < lines.length; j++) {
            rest.append(lines[j]);
            if (j < lines.length - 1) {
                rest.append('\n');
            }
        }
        return new Split(commands, rest.toString());
    }

    /** Reads each line; {@code sender} is the verified employee who sent them. */
    public Read read(List<String> lines, Employee sender) {
        return read(lines, sender, null);
    }

    /**
     * Reads each line; {@code sender} is the verified employee who sent them, {@code managerId} the ticket's
     * manager before them (null: none), whose time a {@code #schedule} without a technician plans.
     */
    public Read read(List<String> lines, Employee sender, String managerId) {
        String manager = managerId;
        List<Commands.Requested> changes = new ArrayList<>();
        List<String> mailLines = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        Optional<Boolean> makePublic = Optional.empty();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                refusals.add(new Refusal(line, "a command is # and a word, e.g. #assign alice"));
                continue;
            }
            String word = m.group(1).toLowerCase(Locale.ROOT);
            String args = m.group(2) == null ? "" : m.group(2).strip();
            try {
                switch (word) {
                    case "internal", "public" -> {
                        noArguments(word, args);
                        makePublic = Optional.of(word.equals("public"));
                        mailLines.add(line);
                    }
                    case "schedule" -> changes.add(new Commands.Requested(line, schedule(args, manager == null ? sender.id() : manager)));
                    default -> {
                        TicketChange change = change(word, args, sender);
                        changes.add(new Commands.Requested(line, change));
                        if (change instanceof TicketChange.Assign a) {
                            manager = a.employeeId();
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                refusals.add(new Refusal(line, e.getMessage()));
            }
        }
        return new Read(changes, makePublic, mailLines, refusals);
    }

    private TicketChange change(String word, String args, Employee sender) {
        switch (word) {
            case "assign":
                return new TicketChange.Assign(activeEmployee(oneWord(word, args, "an employee id, e.g. #assign alice")).id());
            case "status": {
                String name = oneWord(word, args, "a status: " + TicketStatus.names());
                return new TicketChange.SetStatus(TicketStatus.find(name).orElseThrow(() -> new IllegalArgumentException(
                        "'" + name + "' is not a status; statuses are " + TicketStatus.names())));
            }
            case "priority": {
                String p = oneWord(word, args, "a priority: " + String.join(", ", PRIORITIES)).toLowerCase(Locale.ROOT);
                if (!PRIORITIES.contains(p)) {
                    throw new IllegalArgumentException("'" + p + "' is not a priority; priorities are " + String.join(", ", PRIORITIES));
                }
                return new TicketChange.SetPriority(p);
            }
            case "close":
                return close(args);
            case "reopen":
                noArguments(word, args);
                return new TicketChange.Reopen();
            case "lock":
            case "unlock":
                noArguments(word, args);
                return new TicketChange.Lock(word.equals("lock"));
            case "inbox":
            case "done":
                noArguments(word, args);
                return new TicketChange.Inbox(word.equals("inbox"));
            case "subscribe":
                noArguments(word, args);
                return new TicketChange.AddRecipient(Recipient.employee(sender.id(), sender.primaryAddress()));
            case "unsubscribe":
                noArguments(word, args);
                return new TicketChange.RemoveRecipient(sender.primaryAddress());
            case "add":
                return add(args);
            case "remove": {
                String address = address(oneWord(word, args, "an address, e.g. #remove ed@example.com"));
                return new TicketChange.RemoveRecipient(directory.employeeByAddress(address).map(Employee::primaryAddress).orElse(address));
            }
            case "account": {
                String id = oneWord(word, args, "an account id, e.g. #account acme");
                if (directory.account(id).isEmpty()) {
                    throw new IllegalArgumentException("'" + id + "' is not an account of conf/directory.yaml; accounts are "
                            + directory.accounts().stream().map(a -> a.id()).collect(Collectors.joining(", ")));
                }
                return new TicketChange.MoveToAccount(id);
            }
            case "time":
                return time(args);
            case "unschedule":
                noArguments(word, args);
                return new TicketChange.Unschedule();
            default:
                throw new IllegalArgumentException("#" + word + " is not a command; commands are "
                        + COMMANDS.stream().map(c -> "#" + c).collect(Collectors.joining(", ")));
        }
    }

    /**
     * {@code #schedule [ID] (YYYY-MM-DD HH:MM | next) [DURATION]}: the technician ID (default: the ticket's
     * manager, or the sender when it has none), the start in calendar.timezone or the first free slot, and
     * the length (default 1h).
     */
    private TicketChange schedule(String args, String defaultTechnician) {
        Matcher m = SCHEDULE.matcher(args);
        String usage = "#schedule takes a date and time or next, then optionally a duration, and optionally a technician id"
                + " first: #schedule 2026-12-01 14:00 90m, #schedule next 2h, #schedule alice next";
        if (!m.matches()) {
            throw new IllegalArgumentException(usage);
        }
        Employee technician = technician(m.group(1) == null ? defaultTechnician : m.group(1));
        Duration length = DEFAULT_LENGTH;
        if (m.group(5) != null) {
            Matcher d = DURATION.matcher(m.group(5));
            if (!d.matches() || (d.group(1) == null && d.group(2) == null)) {
                throw new IllegalArgumentException("'" + m.group(5) + "' is not a duration such as 30m, 1h or 1h30m; " + usage);
            }
            length = Duration.ofMinutes((d.group(1) == null ? 0 : Long.parseLong(d.group(1)) * 60)
                    + (d.group(2) == null ? 0 : Long.parseLong(d.group(2))));
            if (length.isZero() || length.toMinutes() > MAX_MINUTES) {
                throw new IllegalArgumentException("'" + m.group(5) + "' is not between 1 minute and 24 hours");
            }
        }
        Optional<LocalDateTime> at = Optional.empty();
        if (m.group(2) == null) {
            try {
                at = Optional.of(LocalDateTime.of(LocalDate.parse(m.group(3)), LocalTime.parse(
                        m.group(4).length() == 4 ? "0" + m.group(4) : m.group(4))));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + m.group(3) + " " + m.group(4) + "' is not a date and time such as"
                        + " 2026-12-01 14:00");
            }
        }
        return new TicketChange.ScheduleAt(planner.plan(technician, at, length));
    }

    private Employee technician(String id) {
        Optional<Employee> e = directory.employee(id).filter(Employee::active).filter(Employee::technician);
        if (e.isEmpty()) {
            List<String> technicians = directory.employees().stream().filter(Employee::active).filter(Employee::technician)
                    .map(Employee::id).toList();
            throw new IllegalArgumentException("'" + id + "' is not an active technician of conf/directory.yaml (technician: true); "
                    + (technicians.isEmpty() ? "it lists none, so nobody can be scheduled yet"
                            : "technicians are " + String.join(", ", technicians) + "; name one first, e.g. #schedule "
                                    + technicians.get(0) + " next"));
        }
        return e.get();
    }

    private TicketChange close(String args) {
        if (args.isEmpty()) {
            return new TicketChange.Close(null, null);
        }
        String[] parts = args.split("\\s+", 2);
        if (map.isResolution(parts[0])) {
            return new TicketChange.Close(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : null);
        }
        return new TicketChange.Close(null, args);
    }

    private TicketChange add(String args) {
        String[] parts = args.isEmpty() ? new String[0] : args.split("\\s+");
        if (parts.length == 0 || parts.length > 2) {
            throw new IllegalArgumentException("#add takes an address and optionally to, cc or bcc, e.g. #add ed@example.com cc");
        }
        String address = address(parts[0]);
        RecipientKind kind = RecipientKind.TO;
        if (parts.length == 2) {
            kind = switch (parts[1].toLowerCase(Locale.ROOT)) {
                case "to" -> RecipientKind.TO;
                case "cc" -> RecipientKind.CC;
                case "bcc" -> RecipientKind.BCC;
                default -> throw new IllegalArgumentException("'" + parts[1] + "' is not to, cc or bcc");
            };
        }
        Optional<Employee> employee = directory.employeeByAddress(address);
        if (employee.isPresent()) {
            return new TicketChange.AddRecipient(Recipient.employee(employee.get().id(), employee.get().primaryAddress()));
        }
        if (directory.isEmployeeAddress(address)) {
            throw new IllegalArgumentException(address + " is shared by several employees; add one of them by their own address");
        }
        return new TicketChange.AddRecipient(Recipient.external(address, kind));
    }

    private static TicketChange time(String args) {
        // "1h 30m" is one duration, not 1h with the note "30m"
        args = args.replaceFirst("(?i)^(\\d{1,3}h)\\s+(\\d{1,4}m(?:in)?)\\b", "$1$2");
        String[] parts = args.isEmpty() ? new String[0] : args.split("\\s+", 2);
        Matcher m = parts.length == 0 ? null : DURATION.matcher(parts[0]);
        if (m == null || parts[0].isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new IllegalArgumentException("#time takes a duration such as 30m, 1h or 1h15m, then optionally what was done,"
                    + " e.g. #time 45m replaced the toner");
        }
        int minutes = (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 60) + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not between 1 minute and 24 hours; report longer work as several units");
        }
        return new TicketChange.WorkUnit(minutes, parts.length > 1 ? parts[1].strip() : null);
    }

    private Employee activeEmployee(String id) {
        Optional<Employee> e = directory.employee(id).filter(Employee::active);
        if (e.isEmpty()) {
            throw new IllegalArgumentException("'" + id + "' is not an active employee of conf/directory.yaml; employees are "
                    + directory.employees().stream().filter(Employee::active).map(Employee::id).collect(Collectors.joining(", ")));
        }
        return e.get();
    }

    private static String address(String raw) {
        String address = raw.trim().toLowerCase(Locale.ROOT);
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!address.contains("@") || !Addresses.deliverable(address)) {
            throw new IllegalArgumentException("'" + raw + "' is not a mail address that can be delivered to, e.g. ed@example.com");
        }
        return address;
    }

    private static String oneWord(String word, String args, String what) {
        if (args.isEmpty() || args.contains(" ") || args.contains("\t")) {
            throw new IllegalArgumentException("#" + word + " takes one word: " + what);
        }
        return args;
    }

    private static void noArguments(String word, String args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("#" + word + " takes nothing after it");
        }
    }

    /** The set of command words, for tests and the README. */
    static Set<String> words() {
        return Set.copyOf(COMMANDS);
    }
}
