package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Path;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentifySenderTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender mailet;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        mailet = f.init(new IdentifySender(f.directories));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeMail identify(String from) throws Exception {
        FakeMail mail = mail(message(from, "Hello"));
        mailet.service(mail);
        return mail;
    }

    @Test
    void serviceShouldIdentifyEmployeeByAnyOfTheirAddresses() throws Exception {
        FakeMail mail = identify("Alice <ALICE.mobile@example.test>");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("employee");
        assertThat(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE)).contains("alice");
    }

    @Test
    void serviceShouldNotIdentifyEmployeeByAddressTwoEmployeesShare() throws Exception {
        assertThat(TicketAttributes.string(identify("desk@helpdesk.test"), TicketAttributes.SENDER_KIND)).contains("unknown");
    }

    @Test
    void serviceShouldNotIdentifyInactiveEmployee() throws Exception {
        assertThat(TicketAttributes.string(identify("frank@helpdesk.test"), TicketAttributes.SENDER_KIND)).contains("unknown");
    }

    @Test
    void serviceShouldNotIdentifyEmployeeWithoutEmailPrivilege() throws Exception {
        assertThat(TicketAttributes.string(identify("gina@helpdesk.test"), TicketAttributes.SENDER_KIND)).contains("unknown");
    }

    @Test
    void serviceShouldIdentifyCustomerByContactAddressOutsideTheDomain() throws Exception {
        FakeMail mail = identify("Ed <ed@gmail.test>");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("customer");
        assertThat(TicketAttributes.string(mail, TicketAttributes.ACCOUNT)).contains("acme");
    }

    @Test
    void serviceShouldIdentifyCustomerByDomain() throws Exception {
        assertThat(TicketAttributes.string(identify("newperson@globex.test"), TicketAttributes.ACCOUNT)).contains("globex");
    }

    @Test
    void serviceShouldCallEveryoneElseUnknown() throws Exception {
        FakeMail mail = identify("stranger@nowhere.test");

        assertThat(TicketAttributes.string(mail, TicketAttributes.SENDER_KIND)).contains("unknown");
        assertThat(mail.getAttribute(TicketAttributes.ACCOUNT)).isEmpty();
    }

    @Test
    void initShouldRefuseUnknownParameter() {
        assertThatThrownBy(() -> f.init(new IdentifySender(f.directories), "strict", "true"))
                .hasMessage("mailetcontainer.xml: IdentifySender has no parameter 'strict'; it takes none");
    }
}
