package org.ticketmail.store.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the employees and customer accounts the gateway knows.
 *
 * <p>Lookups by address are case-insensitive. An address belongs to an employee only if exactly one
 * employee lists it (seed 002: "the from email address ... must be unique"). Thread-safe.
 */
public final class Directory {
    private final Map<String, Employee> employees;
    private final Map<String, Account> accounts;
    private final Map<String, List<Employee>> employeesByAddress = new HashMap<>();
    private final Map<String, Account> accountsByContact = new HashMap<>();
    private final Map<String, Account> accountsByDomain = new HashMap<>();

    public Directory(List<Employee> employees, List<Account> accounts) {
        Map<String, Employee> e = new LinkedHashMap<>();
        for (Employee employee : employees) {
            e.put(employee.id(), employee);
            for (String address : new java.util.LinkedHashSet<>(employee.addresses())) {
                employeesByAddress.computeIfAbsent(address, k -> new ArrayList<>()).add(employee);
            }
        }
        Map<String, Account> a = new LinkedHashMap<>();
        for (Account account : accounts) {
            a.put(account.id(), account);
            for (Contact contact : account.contacts()) {
                accountsByContact.putIfAbsent(contact.address(), account);
            }
            for (String domain : account.domains()) {
                accountsByDomain.putIfAbsent(domain, account);
            }
        }
        this.employees = Map.copyOf(e);
        this.accounts = Map.copyOf(a);
        this.orderedEmployees = List.copyOf(employees);
        this.orderedAccounts = List.copyOf(accounts);
    }

    private final List<Employee> orderedEmployees;
    private final List<Account> orderedAccounts;

    public static Directory empty() {
        return new Directory(List.of(), List.of());
    }

    public List<Employee> employees() {
        return orderedEmployees;
    }

    public List<Account> accounts() {
        return orderedAccounts;
    }

    public Optional<Employee> employee(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(employees.get(id));
    }

    public Optional<Account> account(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(accounts.get(id));
    }

    /**
     * The employee who may send ticket mail from this address: the address must be listed by exactly
     * one employee, and that employee must be active.
     */
    public Optional<Employee> activeEmployeeByAddress(String address) {
        List<Employee> owners = employeesByAddress.getOrDefault(normalize(address), List.of());
        if (owners.size() != 1 || !owners.get(0).active()) {
            return Optional.empty();
        }
        return Optional.of(owners.get(0));
    }

    /** Whether any employee, active or not, lists this address. */
    public boolean isEmployeeAddress(String address) {
        return employeesByAddress.containsKey(normalize(address));
    }

    /** The employee listing this address, when exactly one does (active or not). */
    public Optional<Employee> employeeByAddress(String address) {
        List<Employee> owners = employeesByAddress.getOrDefault(normalize(address), List.of());
        return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
    }

    /** The account of a customer address: by contact address first, then by the address' domain. */
    public Optional<Account> accountFor(String address) {
        String normalized = normalize(address);
        Account byContact = accountsByContact.get(normalized);
        if (byContact != null) {
            return Optional.of(byContact);
        }
        int at = normalized.lastIndexOf('@');
        return at < 0 ? Optional.empty() : Optional.ofNullable(accountsByDomain.get(normalized.substring(at + 1)));
    }

    static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
