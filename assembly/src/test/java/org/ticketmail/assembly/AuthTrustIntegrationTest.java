package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Path;
import java.util.Map;

import javax.mail.AuthenticationFailedException;

import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH as the way an employee's mail is verified (employee.trust=auth, no trusted network): the
 * employee logs in as ID@support-domain with the password `ticketmail set-password` hashed into
 * conf/employee-passwords, and only mail in their own name counts.
 */
class AuthTrustIntegrationTest extends RunningAppliance {
    private static final String PASSWORD = "correct horse battery staple";

    @Override
    Map<String, String> properties() {
        return Map.of("employee.trust", "auth", "employee.trustedNetworks", "10.0.0.0/8");
    }

    @Override
    void editConf(Path conf) {
        EmployeePasswords.set(conf, "alice", "helpdesk.test", PASSWORD);
        EmployeePasswords.set(conf, "bob", "helpdesk.test", PASSWORD + " for bob");
    }

    private String openTicket() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Auth").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private TestMails fromAlice(String number) {
        return mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + number + "]").body("#priority urgent\nOn it.");
    }

    @Test
    void mailOfAnAuthenticatedEmployeeShouldRunItsCommands() throws Exception {
        String number = openTicket();

        fromAlice(number).sendAs("alice@helpdesk.test", PASSWORD, appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // dana; bob, carol; confirmation

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("urgent");
    }

    @Test
    void aWrongPasswordShouldBeRefusedAtTheDoor() {
        assertThatThrownBy(() -> fromAlice("2611-1000").sendAs("alice@helpdesk.test", "guess", appliance.smtpPort()))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void anotherEmployeesLoginShouldNotVerifyMailInAlicesName() throws Exception {
        String number = openTicket();

        fromAlice(number).sendAs("bob@helpdesk.test", PASSWORD + " for bob", appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // bob, carol (employees only); the notice to alice

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("normal");
        assertThat(outside.only("alice@helpdesk.test").getSubject()).startsWith("A mail in your name");
    }

    @Test
    void mailWithoutLoginShouldNotBeVerified() throws Exception {
        String number = openTicket();

        fromAlice(number).sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("normal");
    }
}
