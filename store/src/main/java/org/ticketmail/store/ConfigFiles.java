package org.ticketmail.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The configuration files that reload, so the status page can say how each last loaded. Thread-safe. */
public final class ConfigFiles {
    private final List<ReloadingFile<?>> files = new CopyOnWriteArrayList<>();

    /** Adds a file; one of the same name replaces the one before (a mailet initialised again). */
    public <T> ReloadingFile<T> add(ReloadingFile<T> file) {
        files.removeIf(f -> f.name().equals(file.name()));
        files.add(file);
        return file;
    }

    /** Every file, each looked at now, so an edit shows before a mail uses it. */
    public List<ReloadingFile<?>> checked() {
        files.forEach(ReloadingFile::reloadIfChanged);
        return List.copyOf(files);
    }
}
