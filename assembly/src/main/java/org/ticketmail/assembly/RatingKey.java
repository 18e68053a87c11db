package org.ticketmail.assembly;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs the rating links of closure alerts: 32 random bytes, made at the first start and kept
 * in {@code data/rating.key} (owner-only), so links sent before a restart stay valid. Deleting the file
 * makes every rating link sent so far invalid (a rating then arrives as an ordinary reply). Never logged.
 */
final class RatingKey {
    private RatingKey() {
    }

    static byte[] load(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
                if (key.length >= 16) {
                    return key;
                }
                throw new ConfigException(file + ": holds no rating key (too short); delete it to make a new one");
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read or write the rating key (" + e.getMessage() + "); delete it to make a new one");
        }
    }
}
