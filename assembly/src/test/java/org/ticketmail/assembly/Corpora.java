package org.ticketmail.assembly;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared corpora ({@code shared/corpora} beside the checkout). */
final class Corpora {
    private Corpora() {
    }

    static Path dir() {
        String configured = System.getProperty("ticketmail.corpora");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/corpora");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/corpora not found above " + Path.of("").toAbsolutePath()
                + "; the corpora live beside the checkout (../shared/corpora)");
    }
}
