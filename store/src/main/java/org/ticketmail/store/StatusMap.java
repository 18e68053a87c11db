package org.ticketmail.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Which status may follow which, and the resolutions a closed ticket may have (seed 004, "Status mapping
 * of a ticket", "States of a ticket"), from {@code conf/statuses.yaml}. Immutable.
 *
 * <p>The default allows what seed 004's practical example allows (new → assigned or pending on a third
 * party; from those → pending close; pending close → closed; closed → reopened) and what a small help
 * desk needs besides: closing from any open status (a duplicate, a solved-on-the-phone ticket), going
 * back from pending to assigned, unconfirmed for mail not yet classified, and reopened working like
 * assigned.
 */
public final class StatusMap {
    private static final Set<String> KEYS = Set.of("transitions", "resolutions");
    private static final String DEFAULT = """
            transitions:
              new: [assigned, pending-third-party, pending-close, unconfirmed, closed]
              unconfirmed: [new, assigned, closed]
              assigned: [pending-third-party, pending-close, closed]
              pending-third-party: [assigned, pending-close, closed]
              pending-close: [assigned, closed]
              closed: [reopened]
              reopened: [assigned, pending-third-party, pending-close, closed]
            resolutions: [solved, rejected, missing-data, expired, duplicate, workaround]
            """;

    private final Map<TicketStatus, Set<TicketStatus>> transitions;
    private final List<String> resolutions;

    private StatusMap(Map<TicketStatus, Set<TicketStatus>> transitions, List<String> resolutions) {
        this.transitions = transitions;
        this.resolutions = resolutions;
    }

    /** The built-in map, as the sample {@code conf/statuses.yaml} has it. */
    public static StatusMap defaults() {
        return parse(DEFAULT, "(built-in statuses)");
    }

    /** Reads and checks the file; {@code shownName} is how messages name it (conf/statuses.yaml). */
    public static StatusMap load(Path file, String shownName) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), shownName);
        } catch (IOException e) {
            throw new StoreException(shownName + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses the map; every mistake is one {@link StoreException} line naming the file, the key and the fault.
     */
    public static StatusMap parse(String yaml, String shownName) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new StoreException(shownName + ": not valid YAML (" + e.getMessage().replace('\n', ' ') + ")", e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new StoreException(shownName + ": must be a mapping with transitions and resolutions");
        }
        for (Object key : top.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new StoreException(shownName + ": " + key + " is not a known key; known keys are resolutions, transitions");
            }
        }
        Map<TicketStatus, Set<TicketStatus>> transitions = new EnumMap<>(TicketStatus.class);
        for (TicketStatus s : TicketStatus.values()) {
            transitions.put(s, EnumSet.noneOf(TicketStatus.class));
        }
        if (!(top.get("transitions") instanceof Map<?, ?> t)) {
            throw new StoreException(shownName + ": transitions is missing; give, for each status, the statuses that may follow it,"
                    + " e.g. new: [assigned, closed]");
        }
        for (Map.Entry<?, ?> e : t.entrySet()) {
            String where = "transitions." + e.getKey();
            TicketStatus from = status(String.valueOf(e.getKey()), shownName, where, String.valueOf(e.getKey()));
            if (!(e.getValue() instanceof List<?> targets)) {
                throw new StoreException(shownName + ": " + where + " must be a list of statuses, e.g. [assigned, closed]");
            }
            for (int i = 0; i < targets.size(); i++) {
                TicketStatus to = status(String.valueOf(targets.get(i)), shownName, where + "[" + i + "]", String.valueOf(targets.get(i)));
                if (to == from) {
                    throw new StoreException(shownName + ": " + where + "[" + i + "] '" + targets.get(i)
                            + "' is the status itself; list the statuses that may follow it");
                }
                transitions.get(from).add(to);
            }
        }
        List<String> resolutions = new ArrayList<>();
        Object r = top.get("resolutions");
        if (r != null && !(r instanceof List<?>)) {
            throw new StoreException(shownName + ": resolutions must be a list, e.g. [solved, rejected, duplicate]");
        }
        if (r instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String name = String.valueOf(list.get(i)).trim().toLowerCase(Locale.ROOT);
                if (!name.matches("[a-z][a-z0-9-]*")) {
                    throw new StoreException(shownName + ": resolutions[" + i + "] '" + list.get(i)
                            + "' must be one word of letters, digits and '-', e.g. missing-data");
                }
                if (TicketStatus.find(name).isPresent()) {
                    throw new StoreException(shownName + ": resolutions[" + i + "] '" + name + "' is a status name; pick another word");
                }
                resolutions.add(name);
            }
        }
        Map<TicketStatus, Set<TicketStatus>> frozen = new EnumMap<>(TicketStatus.class);
        transitions.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v)));
        return new StatusMap(Collections.unmodifiableMap(frozen), List.copyOf(new LinkedHashSet<>(resolutions)));
    }

    private static TicketStatus status(String name, String shownName, String where, String raw) {
        return TicketStatus.find(name).orElseThrow(() -> new StoreException(shownName + ": " + where + " '" + raw
                + "' is not a status; statuses are " + TicketStatus.names()));
    }

    public boolean allows(TicketStatus from, TicketStatus to) {
        return transitions.get(from).contains(to);
    }

    /** The statuses that may follow {@code from}. */
    public Set<TicketStatus> next(TicketStatus from) {
        return transitions.get(from);
    }

    /** "assigned, closed", or "none" when nothing may follow. */
    public String nextNames(TicketStatus from) {
        Set<TicketStatus> next = next(from);
        return next.isEmpty() ? "none" : next.stream().map(TicketStatus::jsonName).collect(Collectors.joining(", "));
    }

    public List<String> resolutions() {
        return resolutions;
    }

    public boolean isResolution(String word) {
        return word != null && resolutions.contains(word.toLowerCase(Locale.ROOT));
    }
}
