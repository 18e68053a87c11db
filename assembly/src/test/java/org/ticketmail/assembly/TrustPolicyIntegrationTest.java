package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Mail in an employee's name from a client the trust policy does not trust (here: only 10.0.0.0/8 is
 * trusted, and the test client is on 127.0.0.1): no command runs, it reaches employees only, is kept as
 * an internal note that says why, and the employee whose address was used is told.
 */
class TrustPolicyIntegrationTest extends RunningAppliance {
    @Override
    Map<String, String> properties() {
        return Map.of("employee.trust", "network", "employee.trustedNetworks", "10.0.0.0/8");
    }

    @Test
    void spoofedEmployeeMailShouldRunNoCommandReachNoCustomerAndTellTheEmployee() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Printer").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).cc("spy@evil.test").envelope(SUPPORT)
                .subject("RE: Ticket [" + number + "]").body("#close solved\nYour data is gone, pay us.").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // bob, carol (employees only); the notice to alice

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        JsonNode entry = ticket.get("history").get(2);
        assertThat(entry.get("public").asBoolean()).isFalse();
        assertThat(entry.get("text").asText()).isEqualTo("#close solved\nYour data is gone, pay us.");
        assertThat(entry.get("note").asText()).isEqualTo("internal (sent in an employee's name, but neither SMTP AUTH, a trusted"
                + " network nor a DKIM signature verified it; no commands ran)");
        MimeMessage notice = outside.only("alice@helpdesk.test");
        assertThat(notice.getSubject()).isEqualTo("A mail in your name: Printer Ticket [" + number + "]");
        assertThat(outside.inbox("bob@helpdesk.test")).hasSize(1);
        // A forged From adds nobody: the Cc'd stranger does not become a recipient of the ticket.
        assertThat(ticket.get("recipients").toString()).doesNotContain("spy@evil.test");
    }
}
