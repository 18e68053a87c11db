package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.util.Optional;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;

class IdentifySenderTest {
    /** IdentifySender asks only the directory, so no Derby is started. */
    private static IdentifySender init(DirectoryProvider directories, String... parameters) throws Exception {
        return Fixtures.initWithoutStore(new IdentifySender(directories, Fixtures.GATEWAY, TrustPolicy.defaults(), Fixtures.NO_DKIM_KEYS), parameters);
    }

    private static FakeMail identify(String from) throws Exception {
        FakeMail mail = mail(message(from, "Hello"));
        init(DirectoryProvider.of(Fixtures.DIRECTORY)).service(mail);
        return mail;
    }

    @Test
    void serviceShouldIdentifyEmployeeByAnyOfTheirAddresses() throws Exception {
        FakeMail mail = identify("Alice <ALICE.mobile@example.test>");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("employee");
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).contains("alice");
        assertThat(TicketAttributes.string(mail, TicketAttributes.ACCOUNT)).isEmpty();
    }

    @Test
    void serviceShouldCallSenderUnknownWhenTwoEmployeesShareTheAddress() throws Exception {
        FakeMail mail = identify("desk@helpdesk.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("unknown");
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).isEmpty();
    }

    @Test
    void serviceShouldCallSenderUnknownWhenEmployeeIsInactive() throws Exception {
        FakeMail mail = identify("frank@helpdesk.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("unknown");
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).isEmpty();
    }

    @Test
    void serviceShouldCallSenderUnknownWhenEmployeeHasNoEmailPrivilege() throws Exception {
        FakeMail mail = identify("gina@helpdesk.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("unknown");
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).isEmpty();
    }

    @Test
    void serviceShouldIdentifyCustomerByContactAddressOutsideTheDomain() throws Exception {
        FakeMail mail = identify("Ed <ed@gmail.test>");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("customer");
        assertThat(TicketAttributes.string(mail, TicketAttributes.ACCOUNT)).contains("acme");
    }

    @Test
    void serviceShouldIdentifyCustomerByDomain() throws Exception {
        FakeMail mail = identify("newperson@globex.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("customer");
        assertThat(TicketAttributes.string(mail, TicketAttributes.ACCOUNT)).contains("globex");
    }

    @Test
    void serviceShouldCallSenderUnknownWhenNoEmployeeOrAccountHasTheAddress() throws Exception {
        FakeMail mail = identify("stranger@nowhere.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("unknown");
        assertThat(TicketAttributes.string(mail, TicketAttributes.ACCOUNT)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).isEmpty();
    }

    @Test
    void serviceShouldRecordTheGenerationOfTheDirectoryItUsed() throws Exception {
        DirectoryProvider seventh = new DirectoryProvider() {
            @Override
            public Snapshot snapshot() {
                return new Snapshot(7, Fixtures.DIRECTORY);
            }

            @Override
            public Optional<Directory> generation(long generation) {
                return generation == 7 ? Optional.of(Fixtures.DIRECTORY) : Optional.empty();
            }
        };
        FakeMail mail = mail(message("dana@acme.test", "Hello"));

        init(seventh).service(mail);

        assertThat(TicketAttributes.requireLong(mail, TicketAttributes.DIRECTORY, "test")).isEqualTo(7L);
    }

    @Test
    void initShouldRefuseUnknownParameter() {
        assertThatThrownBy(() -> init(DirectoryProvider.of(Fixtures.DIRECTORY), "strict", "true"))
                .hasMessage("mailetcontainer.xml: IdentifySender has no parameter 'strict'; it takes none");
    }
}
