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
 * A signing key of the appliance: 32 random bytes, made at the first start and kept in the data directory
 * (owner-only), so what was signed before a restart still verifies. {@code data/rating.key} signs the rating
 * links of closure alerts (deleting it makes every link sent so far an ordinary reply); {@code
 * data/threading.key} signs the Message-IDs of what the gateway sends (deleting it makes replies thread by
 * their subject's ticket tag only). Never logged.
 */
final class DataKey {
    private DataKey() {
    }

    /** The key in {@code file}, made now if the file does not exist; {@code what} names it in errors ("rating key"). */
    static byte[] load(Path file, String what) {
        try {
            if (Files.isRegularFile(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
                if (key.length >= 16) {
                    return key;
                }
                throw new ConfigException(file + ": holds no " + what + " (too short); delete it to make a new one");
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
            throw new ConfigException(file + ": cannot read or write the " + what + " (" + e.getMessage() + "); delete it to make a new one");
        }
    }
}
