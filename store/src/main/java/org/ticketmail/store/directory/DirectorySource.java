package org.ticketmail.store.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
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

    private final Path file;
    private final String shownName;
    private final Clock clock;
    private final long checkIntervalMillis;
    private final List<Consumer<Directory>> listeners = new CopyOnWriteArrayList<>();
    private volatile Directory current;
    private volatile FileTime loadedModified;
    private volatile long lastCheck;

    public DirectorySource(Path file, String shownName, Clock clock, long checkIntervalMillis) {
        this.file = file;
        this.shownName = shownName;
        this.clock = clock;
        this.checkIntervalMillis = checkIntervalMillis;
        this.loadedModified = modified();
        this.current = DirectoryFile.load(file, shownName);
        this.lastCheck = clock.millis();
    }

    /** Called with the new directory after every successful (re)load, and once now. */
    public void onLoad(Consumer<Directory> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    @Override
    public Directory current() {
        long now = clock.millis();
        if (now - lastCheck >= checkIntervalMillis) {
            reloadIfChanged();
        }
        return current;
    }

    /** Reloads now if the file changed; returns whether a new directory is in force. */
    public synchronized boolean reloadIfChanged() {
        lastCheck = clock.millis();
        FileTime modified = modified();
        if (modified == null || modified.equals(loadedModified)) {
            return false;
        }
        try {
            Directory loaded = DirectoryFile.load(file, shownName);
            current = loaded;
            loadedModified = modified;
            LOGGER.info("{} reloaded: {} employees, {} accounts", shownName, loaded.employees().size(), loaded.accounts().size());
            listeners.forEach(l -> l.accept(loaded));
            return true;
        } catch (DirectoryException e) {
            loadedModified = modified;
            LOGGER.error("{}; keeping the directory loaded before", e.getMessage());
            return false;
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
