package org.ticketmail.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 2: who sent the mail. An employee is recognised by a From address that exactly one
 * employee lists, who is active and has the "email messages" privilege (seed 002, "Employee
 * Correspondence", notes 1 and 2). Anyone else is a customer of the account whose contact has the
 * address or whose domain it is, or unknown. Sets {@link TicketAttributes#SENDER_KIND} and
 * {@link TicketAttributes#EMPLOYEE} or {@link TicketAttributes#ACCOUNT}. Takes no parameters.
 */
public class IdentifySender extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentifySender.class);

    private final DirectoryProvider directories;

    @Inject
    public IdentifySender(DirectoryProvider directories) {
        this.directories = directories;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Directory directory = directories.current();
        Optional<InternetAddress> from = Addresses.from(mail.getMessage(), mail);
        String address = Addresses.senderAddress(from);
        Optional<Employee> employee = directory.activeEmployeeByAddress(address).filter(Employee::emailPrivilege);
        if (employee.isPresent()) {
            TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, TicketAttributes.EMPLOYEE_KIND);
            TicketAttributes.set(mail, TicketAttributes.EMPLOYEE, employee.get().id());
            LOGGER.info("message-id={} sender={} employee={}", messageId(mail), address, employee.get().id());
            return;
        }
        Optional<Account> account = directory.accountFor(address);
        if (account.isPresent()) {
            TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, TicketAttributes.CUSTOMER_KIND);
            TicketAttributes.set(mail, TicketAttributes.ACCOUNT, account.get().id());
            LOGGER.info("message-id={} sender={} customer of account={}", messageId(mail), address, account.get().id());
            return;
        }
        TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, TicketAttributes.UNKNOWN_KIND);
        LOGGER.info("message-id={} sender={} unknown customer", messageId(mail), address);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: identify the sender as employee, customer or unknown";
    }
}
