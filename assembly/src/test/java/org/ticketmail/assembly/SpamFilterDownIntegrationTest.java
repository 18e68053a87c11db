package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * When spamd stops, mail is accepted and processed (fail open): the ticket opens, its history notes the mail was not
 * checked, /health stays 200 with the filter degraded, and the status page and /metrics say so. Its own spamd: the test
 * stops it.
 */
class SpamFilterDownIntegrationTest extends RunningAppliance {
    private SpamdProcess spamd;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    Map<String, String> properties() {
        try {
            spamd = SpamdProcess.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("spam.spamd", spamd.address(), "spam.timeout", "5s");
    }

    @AfterAll
    void stopSpamd() {
        if (spamd != null) {
            spamd.close();
        }
    }

    @Test
    void mailShouldGoOnUncheckedWhenSpamdIsDownAndHealthSayTheFilterIsDown() throws Exception {
        JsonNode before = appliance.get("/health");
        assertThat(before.get("components").get("spam").get("status").asText()).isEqualTo("up");
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Checked").body("Hello.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        outside.purge();

        spamd.close();
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Unchecked").body("The scanner is broken.")
                .sendTo(appliance.smtpPort());

        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol: nothing lost
        String number = ApplianceFixture.ticketNumber(outside.only("carol@helpdesk.test").getSubject());
        String note = appliance.ticket(number).get("history").get(0).get("note").asText();
        assertThat(note).contains("not checked for spam: spamd at " + spamd.address() + " cannot be asked");
        JsonNode health = appliance.get("/health");
        assertThat(health.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(health.get("status").asText()).isEqualTo("up");
        assertThat(health.get("components").get("spam").get("status").asText()).isEqualTo("degraded");
        assertThat(health.get("components").get("spam").get("detail").asText()).contains("does not answer")
                .contains("goes on unchecked");
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("<title>ticketmail: up</title>").contains("filter <span class=\"degraded\">degraded</span>");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("ticketmail_spam_total{outcome=\"error\"} 1.0");
    }
}
