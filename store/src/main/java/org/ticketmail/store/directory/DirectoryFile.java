package org.ticketmail.store.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code conf/directory.yaml} into a {@link Directory}. Every mistake is reported as one
 * {@link DirectoryException} line naming the file, the entry, the key and what is wrong.
 *
 * <p>The field names are a contract admins' scripts rely on; see the README, "conf/directory.yaml".
 */
public final class DirectoryFile {
    private static final Set<String> ROOT_KEYS = Set.of("employees", "accounts");
    private static final Set<String> EMPLOYEE_KEYS = Set.of("id", "name", "addresses", "active",
            "recipientOption", "emailPrivilege", "technician", "calendar", "closeAnyTicket");
    private static final Set<String> ACCOUNT_KEYS = Set.of("id", "name", "domains", "accountManager",
            "defaultTicketManager", "contacts", "sla");
    private static final Set<String> CALENDAR_KEYS = Set.of("mode", "id");
    private static final Set<String> CONTACT_KEYS = Set.of("name", "address", "main");

    private final String fileName;

    private DirectoryFile(String fileName) {
        this.fileName = fileName;
    }

    /** Reads and checks the file; {@code shownName} is how messages name it (e.g. conf/directory.yaml). */
    public static Directory load(Path file, String shownName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DirectoryException(shownName + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, shownName);
    }

    public static Directory parse(String yamlText, String shownName) {
        return new DirectoryFile(shownName).parse(yamlText);
    }

    private Directory parse(String yamlText) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (YAMLException e) {
            throw new DirectoryException(fileName + ": not valid YAML (" + e.getMessage().replace('\n', ' ') + ")", e);
        }
        if (root == null) {
            return Directory.empty();
        }
        Map<String, Object> top = map(root, "the top level");
        checkKeys(top, ROOT_KEYS, "the top level");
        List<Employee> employees = new ArrayList<>();
        List<Object> employeeList = list(top.get("employees"), "employees");
        for (int i = 0; i < employeeList.size(); i++) {
            employees.add(employee(employeeList.get(i), "employees[" + i + "]"));
        }
        Set<String> employeeIds = new HashSet<>();
        for (int i = 0; i < employees.size(); i++) {
            if (!employeeIds.add(employees.get(i).id())) {
                throw error("employees[" + i + "].id", "'" + employees.get(i).id() + "' is used by two employees; ids must be unique");
            }
        }
        List<Account> accounts = new ArrayList<>();
        List<Object> accountList = list(top.get("accounts"), "accounts");
        Set<String> accountIds = new HashSet<>();
        for (int i = 0; i < accountList.size(); i++) {
            String where = "accounts[" + i + "]";
            Account account = account(accountList.get(i), where, employeeIds);
            if (!accountIds.add(account.id())) {
                throw error(where + ".id", "'" + account.id() + "' is used by two accounts; ids must be unique");
            }
            accounts.add(account);
        }
        return new Directory(employees, accounts);
    }

    private Employee employee(Object node, String where) {
        Map<String, Object> m = map(node, where);
        checkKeys(m, EMPLOYEE_KEYS, where);
        String id = requiredString(m, "id", where);
        where = where + " (" + id + ")";
        String name = requiredString(m, "name", where);
        List<String> addresses = new ArrayList<>();
        List<Object> raw = list(m.get("addresses"), where + ".addresses");
        for (int i = 0; i < raw.size(); i++) {
            addresses.add(address(raw.get(i), where + ".addresses[" + i + "]"));
        }
        if (addresses.isEmpty()) {
            throw error(where + ".addresses", "is missing; list at least one address, e.g. addresses: [" + id + "@example.com]");
        }
        boolean active = bool(m, "active", true, where);
        RecipientOption option = RecipientOption.MANAGER;
        Object rawOption = m.get("recipientOption");
        if (Boolean.FALSE.equals(rawOption)) {
            // YAML 1.1 reads a bare OFF (or no) as false.
            option = RecipientOption.OFF;
        } else if (rawOption != null) {
            try {
                option = RecipientOption.valueOf(rawOption.toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(where + ".recipientOption", "'" + rawOption + "' is not one of "
                        + Arrays.stream(RecipientOption.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        boolean privilege = bool(m, "emailPrivilege", true, where);
        boolean technician = bool(m, "technician", false, where);
        Optional<CalendarLink> calendar = Optional.empty();
        if (m.get("calendar") != null) {
            if (!technician) {
                throw error(where + ".calendar", "is set but technician is not true; calendars are for technicians: "
                        + "add technician: true or remove calendar");
            }
            calendar = Optional.of(calendar(m.get("calendar"), where + ".calendar", addresses.get(0)));
        }
        return new Employee(id, name, addresses, active, option, privilege, technician, calendar, bool(m, "closeAnyTicket", false, where));
    }

    private CalendarLink calendar(Object node, String where, String firstAddress) {
        Map<String, Object> c = map(node, where);
        checkKeys(c, CALENDAR_KEYS, where);
        String modes = Arrays.stream(CalendarLink.Mode.values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        Object rawMode = c.get("mode");
        if (rawMode == null || rawMode.toString().isBlank()) {
            throw error(where + ".mode", "is missing; set it to one of " + modes);
        }
        CalendarLink.Mode mode;
        try {
            mode = CalendarLink.Mode.valueOf(rawMode.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(where + ".mode", "'" + rawMode + "' is not one of " + modes);
        }
        Object rawId = c.get("id");
        boolean noId = rawId == null || rawId.toString().isBlank();
        if (mode == CalendarLink.Mode.GOOGLE) {
            if (noId) {
                throw error(where + ".id", "is missing; mode google needs the id of the technician's Google calendar, e.g. id: "
                        + firstAddress);
            }
            String calendarId = rawId.toString().trim();
            if (calendarId.chars().anyMatch(Character::isWhitespace)) {
                throw error(where + ".id", "'" + rawId + "' is not a Google calendar id; it has no spaces, e.g. " + firstAddress);
            }
            return new CalendarLink(mode, calendarId);
        }
        return new CalendarLink(mode, noId ? firstAddress : address(rawId, where + ".id"));
    }

    private Account account(Object node, String where, Set<String> employeeIds) {
        Map<String, Object> m = map(node, where);
        checkKeys(m, ACCOUNT_KEYS, where);
        String id = requiredString(m, "id", where);
        where = where + " (" + id + ")";
        String name = m.get("name") == null ? id : m.get("name").toString();
        List<String> domains = new ArrayList<>();
        List<Object> raw = list(m.get("domains"), where + ".domains");
        for (int i = 0; i < raw.size(); i++) {
            String domain = raw.get(i) == null ? "" : raw.get(i).toString().trim().toLowerCase(Locale.ROOT);
            if (domain.isEmpty() || domain.contains("@") || domain.contains(" ")) {
                throw error(where + ".domains[" + i + "]", "'" + raw.get(i) + "' is not a mail domain, e.g. acme.example");
            }
            domains.add(domain);
        }
        List<Contact> contacts = new ArrayList<>();
        List<Object> rawContacts = list(m.get("contacts"), where + ".contacts");
        for (int i = 0; i < rawContacts.size(); i++) {
            String cw = where + ".contacts[" + i + "]";
            Map<String, Object> c = map(rawContacts.get(i), cw);
            checkKeys(c, CONTACT_KEYS, cw);
            String address = address(c.get("address"), cw + ".address");
            String contactName = c.get("name") == null ? null : c.get("name").toString();
            contacts.add(new Contact(contactName, address, bool(c, "main", false, cw)));
        }
        String accountManager = employeeRef(m, "accountManager", where, employeeIds);
        String ticketManager = employeeRef(m, "defaultTicketManager", where, employeeIds);
        String sla = null;
        if (m.get("sla") != null) {
            sla = m.get("sla").toString().strip();
            if (!sla.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw error(where + ".sla", "'" + m.get("sla") + "' is not an SLA id of conf/sla.yaml (or none), e.g. standard");
            }
        }
        return new Account(id, name, domains, contacts, accountManager, ticketManager, sla);
    }

    private String employeeRef(Map<String, Object> m, String key, String where, Set<String> employeeIds) {
        Object value = m.get(key);
        if (value == null) {
            return null;
        }
        String id = value.toString().trim();
        if (!employeeIds.contains(id)) {
            throw error(where + "." + key, "'" + id + "' is not the id of an employee in this file");
        }
        return id;
    }

    private String address(Object value, String where) {
        String address = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1 || address.contains(" ")) {
            throw error(where, "'" + (value == null ? "" : value) + "' is not a mail address, e.g. dana@acme.example");
        }
        return address;
    }

    private String requiredString(Map<String, Object> m, String key, String where) {
        Object value = m.get(key);
        if (value == null || value.toString().isBlank()) {
            throw error(where + "." + key, "is missing");
        }
        return value.toString().trim();
    }

    private boolean bool(Map<String, Object> m, String key, boolean defaultValue, String where) {
        Object value = m.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw error(where + "." + key, "'" + value + "' is not true or false");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object node, String where) {
        if (node instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error(where, "must be a mapping of keys to values");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object node, String where) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error(where, "must be a list");
    }

    private void checkKeys(Map<String, Object> m, Set<String> known, String where) {
        for (String key : m.keySet()) {
            if (!known.contains(key)) {
                throw error(where + "." + key, "is not a known key; known keys are " + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    private DirectoryException error(String key, String problem) {
        return new DirectoryException(fileName + ": " + key + " " + problem);
    }

}
