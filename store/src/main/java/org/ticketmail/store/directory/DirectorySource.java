package org.ticketmail.store.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current directory, reloaded when {@code conf/directory.yaml} changes.
 *
 * <p>The file is loaded at construction, so a bad file stops start-up with the parser's message.
 * Afterwards the file's modification time is looked at, at most once per {@code checkIntervalMillis};
 * a changed file is reloaded, and a bad change is logged and ignored (the last good directory stays in
 * force). Thread-safe.
 */
public final class DirectorySource implements DirectoryProvider {
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectorySource.class);

    /** How many generations a mail in the pipeline can still ask for; edits are rare, a mail's trip is short. */
    static final int REMEMBERED = 16;

    private final Path file;
    private final String shownName;
    private final Clock clock;
    private final long checkIntervalMillis;
    private final List<Consumer<Directory>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Directory>> checks = new CopyOnWriteArrayList<>();
    /** The last {@link #REMEMBERED} generations, newest last; guarded by this. */
    private final Deque<Snapshot> recent = new ArrayDeque<>();
    private volatile Snapshot current;
    private volatile FileTime loadedModified;
    private volatile String lastProblem;
    private volatile long lastCheck;
    private volatile java.time.Instant lastLoadAt;

    public DirectorySource(Path file, String shownName, Clock clock, long checkIntervalMillis) {
        this.file = file;
        this.shownName = shownName;
        this.clock = clock;
        this.checkIntervalMillis = checkIntervalMillis;
        this.loadedModified = modified();
        this.current = new Snapshot(1, DirectoryFile.load(file, shownName));
        this.recent.add(current);
        this.lastCheck = clock.millis();
        this.lastLoadAt = clock.instant();
    }

    /**
     * Adds a check every reloaded directory must pass to come into force, e.g. that the dispatcher is
     * still an employee. The check throws a {@link DirectoryException} saying what is wrong; the last
     * good directory then stays in force. The directory in force now is checked at once.
     */
    public void require(Consumer<Directory> check) {
        check.accept(current.directory());
        checks.add(check);
    }

    /** Called with the new directory after every successful (re)load, and once now. */
    public void onLoad(Consumer<Directory> listener) {
        listeners.add(listener);
        listener.accept(current.directory());
    }

    @Override
    public Snapshot snapshot() {
        long now = clock.millis();
        if (now - lastCheck >= checkIntervalMillis) {
            reloadIfChanged();
        }
        return current;
    }

    @Override
    public synchronized Optional<Directory> generation(long generation) {
        for (Snapshot s : recent) {
            if (s.generation() == generation) {
                return Optional.of(s.directory());
            }
        }
        return Optional.empty();
    }

    /** Reloads now if the file changed; returns whether a new directory is in force. */
    public synchronized boolean reloadIfChanged() {
        lastCheck = clock.millis();
        FileTime modified = modified();
        if (modified == null || modified.equals(loadedModified)) {
            return false;
        }
        lastLoadAt = clock.instant();
        try {
            Directory loaded = DirectoryFile.load(file, shownName);
            for (Consumer<Directory> check : checks) {
                check.accept(loaded);
            }
            current = new Snapshot(current.generation() + 1, loaded);
            recent.addLast(current);
            while (recent.size() > REMEMBERED) {
                recent.removeFirst();
            }
            loadedModified = modified;
            lastProblem = null;
            LOGGER.info("{} reloaded: {} employees, {} accounts", shownName, loaded.employees().size(), loaded.accounts().size());
            listeners.forEach(l -> l.accept(loaded));
            return true;
        } catch (DirectoryException e) {
            loadedModified = modified;
            lastProblem = e.getMessage();
            LOGGER.error("{}; keeping the directory loaded before", e.getMessage());
            return false;
        }
    }

    /** When the file was last loaded, or a change of it refused. */
    public java.time.Instant lastLoadAt() {
        return lastLoadAt;
    }

    /** Why the last change of the file was refused, or empty when the last change came into force. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
