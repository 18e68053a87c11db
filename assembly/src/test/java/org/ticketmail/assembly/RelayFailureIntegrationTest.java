package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sending steps run the relay processor in their own thread: when it fails on a mail (the outgoing queue refuses
 * it), the step must not count as done, so the ticket mail is held with its run and a release sends what is missing.
 */
class RelayFailureIntegrationTest extends RunningAppliance {

    @Override
    void editConf(Path conf) {
        try {
            Path container = conf.resolve("james/mailetcontainer.xml");
            String xml = Files.readString(container);
            String relay = "<processor state=\"relay\" enableJmx=\"false\">";
            assertThat(xml).contains(relay);
            Files.writeString(container, xml.replace(relay, relay + "\n<mailet match=\"All\" class=\"" + RefuseRelay.class.getName() + "\"/>"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void acceptAgain() {
        RefuseRelay.refused = null;
    }

    @Test
    void anAcknowledgmentTheRelayRefusedShouldBeSentWhenTheHeldTicketMailIsReleased() throws Exception {
        RefuseRelay.refused = "dana@acme.test";
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Scanner jammed").messageId("<scanner-1@acme.test>")
                .sendTo(appliance.smtpPort());

        // The copy to the employees went out; the acknowledgment failed, and the ticket mail is held with its run.
        long id = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode h : appliance.get("/api/held?limit=1000").get("held")) {
                if (h.get("messageId").asText().equals("<scanner-1@acme.test>") && h.get("recipients").asText().contains(SUPPORT)) {
                    return h.get("id").asLong();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        outside.awaitExactly(3, appliance.smtpPort()); // alice, bob, carol
        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        assertThat(appliance.get("/api/held?limit=1000").get("held").findValuesAsText("reason"))
                .anyMatch(r -> r.contains("the relay processor failed on the mail to [dana@acme.test]"));

        // Released once the relay takes mail again: the acknowledgment goes out, the copy is not sent again.
        RefuseRelay.refused = null;
        String[] released = appliance.release(Long.toString(id));
        assertThat(released[0]).as(released[2]).isEqualTo("0");
        outside.awaitExactly(4, appliance.smtpPort());
        assertThat(outside.only("dana@acme.test").getSubject()).startsWith("Received: Scanner jammed");
        assertThat(outside.inbox("alice@helpdesk.test")).hasSize(1);
    }
}
