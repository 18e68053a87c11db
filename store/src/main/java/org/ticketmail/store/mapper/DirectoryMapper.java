package org.ticketmail.store.mapper;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;

/** Mirrors the directory file into tables, so reports can join tickets with employees and accounts. */
public interface DirectoryMapper {
    @Delete("DELETE FROM contacts")
    void clearContacts();

    @Delete("DELETE FROM account_domains")
    void clearDomains();

    @Delete("DELETE FROM accounts")
    void clearAccounts();

    @Delete("DELETE FROM employee_addresses")
    void clearEmployeeAddresses();

    @Delete("DELETE FROM employees")
    void clearEmployees();

    @Insert("INSERT INTO employees (id, name, active, recipient_option, email_privilege)"
            + " VALUES (#{id}, #{name}, #{active}, #{option}, #{privilege})")
    void insertEmployee(@Param("id") String id, @Param("name") String name, @Param("active") boolean active,
                        @Param("option") String option, @Param("privilege") boolean privilege);

    @Insert("INSERT INTO employee_addresses (employee_id, address) VALUES (#{id}, #{address})")
    void insertEmployeeAddress(@Param("id") String id, @Param("address") String address);

    @Insert("INSERT INTO accounts (id, name, account_manager, default_ticket_manager)"
            + " VALUES (#{id}, #{name}, #{accountManager}, #{ticketManager})")
    void insertAccount(@Param("id") String id, @Param("name") String name,
                       @Param("accountManager") String accountManager, @Param("ticketManager") String ticketManager);

    @Insert("INSERT INTO account_domains (account_id, domain) VALUES (#{id}, #{domain})")
    void insertDomain(@Param("id") String id, @Param("domain") String domain);

    @Insert("INSERT INTO contacts (account_id, address, name, main_contact) VALUES (#{id}, #{address}, #{name}, #{main})")
    void insertContact(@Param("id") String id, @Param("address") String address, @Param("name") String name,
                       @Param("main") boolean main);
}
