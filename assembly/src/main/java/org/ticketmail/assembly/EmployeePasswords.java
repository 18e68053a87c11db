package org.ticketmail.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.lib.model.Algorithm;
import org.apache.james.user.lib.model.DefaultUser;
import org.ticketmail.store.directory.Directory;

/**
 * The SMTP AUTH credentials of employees ({@code employee.trust=auth}): {@code conf/employee-passwords},
 * one line per employee, {@code ID HASH}, where the hash is James' own PBKDF2-SHA512 of the password for
 * the login name {@code ID@support-domain}. Only hashes are kept; {@code ticketmail set-password ID}
 * writes them. At start every line becomes a James user, so an employee's client can authenticate as
 * {@code alice@helpdesk.example} and IdentifySender trusts its mail as alice's.
 */
final class EmployeePasswords {
    static final String FILE = "employee-passwords";
    private static final String SHOWN = "conf/" + FILE;
    private static final Algorithm ALGORITHM = Algorithm.of("PBKDF2-SHA512");

    private final Map<String, String> hashes;

    private EmployeePasswords(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    /** The file in {@code confDir}; no file means no employee has a password. */
    static EmployeePasswords load(Path confDir) {
        Path file = confDir.resolve(FILE);
        Map<String, String> hashes = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return new EmployeePasswords(hashes);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(SHOWN + ": cannot read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !isBase64(parts[1])) {
                throw new ConfigException(SHOWN + " line " + (i + 1) + ": expected 'ID HASH' as `ticketmail set-password ID` writes it");
            }
            if (hashes.put(parts[0], parts[1]) != null) {
                throw new ConfigException(SHOWN + " line " + (i + 1) + ": '" + parts[0] + "' has a password already");
            }
        }
        return new EmployeePasswords(hashes);
    }

    /** Every id must be an active employee's. */
    void check(Directory directory) {
        for (String id : hashes.keySet()) {
            if (directory.employee(id).filter(e -> e.active()).isEmpty()) {
                throw new ConfigException(SHOWN + ": '" + id + "' is not an active employee of conf/directory.yaml; remove the line"
                        + " or add the employee");
            }
        }
    }

    /** The login name of an employee: their id at the support domain. */
    static Username login(String id, String supportDomain) {
        return Username.of(id.toLowerCase(Locale.ROOT) + "@" + supportDomain);
    }

    /** Creates a James user for every line, with the stored hash (the repository is in memory, so at every start). */
    void provision(UsersRepository users, String supportDomain) {
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            Username name = login(e.getKey(), supportDomain);
            // James compares the hash text as it wrote it (MIME base64, with its line breaks): rebuild it exactly.
            try {
                String hash = ALGORITHM.encodeInBase64(Base64.getDecoder().decode(e.getValue()));
                if (!users.contains(name)) {
                    users.addUser(name, UUID.randomUUID().toString());
                }
                users.updateUser(new DefaultUser(name, hash, ALGORITHM, ALGORITHM));
            } catch (UsersRepositoryException | javax.mail.MessagingException | IOException ex) {
                throw new ConfigException(SHOWN + ": cannot create the SMTP login " + name.asString() + " (" + ex.getMessage() + ")");
            }
        }
    }

    int size() {
        return hashes.size();
    }

    /** The hash line for a password, as James computes it for the login name. */
    static String hash(String id, String supportDomain, String password) {
        DefaultUser user = new DefaultUser(login(id, supportDomain), ALGORITHM, ALGORITHM);
        user.setPassword(password);
        return user.getHashedPassword().replaceAll("\\s", "");
    }

    /**
     * Sets (or replaces) an employee's password in the file, which only its owner may read; an existing file keeps its
     * group and the group's access (the Debian package's root:ticketmail 0640, so the service still reads it).
     */
    static void set(Path confDir, String id, String supportDomain, String password) {
        Path file = confDir.resolve(FILE);
        List<String> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split("\\s+");
                    if (!(parts.length == 2 && parts[0].equals(id))) {
                        out.add(line);
                    }
                }
            } else {
                out.add("# SMTP AUTH passwords of employees: ID HASH. Written by `ticketmail set-password ID`; only hashes.");
            }
            out.add(id + " " + hash(id, supportDomain, password));
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, out, StandardCharsets.UTF_8);
            protect(tmp, file);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConfigException(SHOWN + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** Owner-only, or the group and group access of {@code existing}; never readable by others. */
    private static void protect(Path tmp, Path existing) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system
        }
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        view.setPermissions(permissions);
        if (Files.isRegularFile(existing)) {
            PosixFileAttributes old = Files.readAttributes(existing, PosixFileAttributes.class);
            try {
                view.setGroup(old.group());
            } catch (IOException e) {
                return; // not a member of that group: owner-only
            }
            for (PosixFilePermission p : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE)) {
                if (old.permissions().contains(p)) {
                    permissions.add(p);
                }
            }
            view.setPermissions(permissions);
        }
    }

    private static boolean isBase64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
