package org.ticketmail.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file (or a pair, such as a template's text and HTML parts) that is read again when it
 * changes, as {@code conf/directory.yaml} is: at most once per check interval, on use, it looks whether a file
 * appeared, went or changed (time and size). A change that loads comes into force for the mails that follow; a
 * broken one is refused with its loader's message (file, line, reason), logged at ERROR, and the last good
 * version stays in force. The first load happens in the constructor and throws, so a broken file still stops
 * the start. Thread-safe.
 *
 * @param <T> what the file loads into
 */
public final class ReloadingFile<T> implements Supplier<T> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingFile.class);

    /** Reads the files into a value; throws a RuntimeException whose message says file, line and reason. */
    @FunctionalInterface
    public interface Loader<T> {
        T load();
    }

    private final String name;
    private final List<Path> files;
    private final Loader<T> loader;
    private final Clock clock;
    private final long checkIntervalMillis;
    private volatile T current;
    private volatile List<String> fingerprint;
    private volatile long lastCheck;
    private volatile Instant lastLoadAt;
    private volatile String lastProblem;

    /**
     * @param name how the status page and the log name it, e.g. {@code conf/quote-rules.txt}
     * @param files the files whose change means a reload (a missing one counts as a state too)
     */
    public ReloadingFile(String name, List<Path> files, Loader<T> loader, Clock clock, long checkIntervalMillis) {
        this.name = Objects.requireNonNull(name);
        this.files = List.copyOf(files);
        this.loader = loader;
        this.clock = clock;
        this.checkIntervalMillis = checkIntervalMillis;
        this.fingerprint = fingerprint();
        this.current = loader.load();
        this.lastCheck = clock.millis();
        this.lastLoadAt = clock.instant();
    }

    /** The value in force, after a look at the files when the interval has passed. */
    @Override
    public T get() {
        if (clock.millis() - lastCheck >= checkIntervalMillis) {
            reloadIfChanged();
        }
        return current;
    }

    /** Reloads now if a file changed; returns whether a new value came into force. */
    public synchronized boolean reloadIfChanged() {
        lastCheck = clock.millis();
        List<String> now = fingerprint();
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        lastLoadAt = clock.instant();
        try {
            current = loader.load();
            lastProblem = null;
            LOGGER.info("{} reloaded", name);
            return true;
        } catch (RuntimeException e) {
            lastProblem = e.getMessage();
            LOGGER.error("{}; keeping the version loaded before", e.getMessage());
            return false;
        }
    }

    public String name() {
        return name;
    }

    /** When the files were last loaded, or a change of them refused. */
    public Instant lastLoadAt() {
        return lastLoadAt;
    }

    /** Why the last change was refused; empty when the last change came into force. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(Files.isRegularFile(f) ? Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f) : "absent");
            } catch (IOException e) {
                out.add("unreadable");
            }
        }
        return out;
    }
}
