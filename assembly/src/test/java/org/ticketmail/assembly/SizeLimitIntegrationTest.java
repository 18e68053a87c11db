package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** smtp.maxMessageSize: larger mail is refused at SMTP, while the sender is still there to hear it. */
class SizeLimitIntegrationTest extends RunningAppliance {
    @Override
    Map<String, String> properties() {
        return Map.of("smtp.maxMessageSize", "64KB");
    }

    @Test
    void mailOverTheLimitShouldBeRefusedAndMailUnderItAccepted() throws Exception {
        Throwable refused = catchThrowable(() -> mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Huge scan")
                .body("x".repeat(100 * 1024)).sendTo(appliance.smtpPort()));
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Small note").body("x".repeat(10 * 1024))
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // only the small one: acknowledgment; alice, bob, carol

        assertThat(refused).isNotNull();
        assertThat(String.valueOf(refused.getMessage()) + refused.getCause()).contains("552");
        assertThat(outside.only("dana@acme.test").getSubject()).startsWith("Received: Small note");
    }
}
