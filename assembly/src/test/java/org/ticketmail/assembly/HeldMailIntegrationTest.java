package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The held mail an admin works through: every entry reachable page by page, each original downloadable. */
class HeldMailIntegrationTest extends RunningAppliance {

    @Test
    void heldMailShouldBePagedWithTheMessageIdAndDownloadable() throws Exception {
        for (int i = 1; i <= 5; i++) {
            mail().from("dana@acme.test").to(SUPPORT).subject("Out of office " + i).messageId("<ooo-" + i + "@acme.test>")
                    .header("Auto-Submitted", "auto-replied").sendTo(appliance.smtpPort());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> appliance.get("/api/held").get("total").asLong() >= 5);

        List<String> subjects = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        JsonNode page = appliance.get("/api/held?limit=2");
        assertThat(page.get("held")).hasSize(2);
        int pages = 1;
        while (true) {
            for (JsonNode h : page.get("held")) {
                subjects.add(h.get("subject").asText());
                ids.add(h.get("id").asLong());
            }
            if (page.get("next").isNull()) {
                break;
            }
            page = appliance.get(page.get("next").asText());
            pages++;
        }
        // The spool works on several mails at once, so they are held in any order; the pages go newest first.
        assertThat(subjects).containsExactlyInAnyOrder("Out of office 1", "Out of office 2", "Out of office 3", "Out of office 4",
                "Out of office 5");
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);

        JsonNode newest = appliance.get("/api/held?limit=1").get("held").get(0);
        String n = newest.get("subject").asText().substring("Out of office ".length());
        assertThat(newest.get("messageId").asText()).isEqualTo("<ooo-" + n + "@acme.test>");
        assertThat(newest.get("size").asLong()).isPositive();
        HttpResponse<String> original = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.appliance.statusPort() + newest.get("message").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Type")).contains("message/rfc822");
        assertThat(original.body()).contains("Subject: Out of office " + n).contains("Auto-Submitted: auto-replied");
        assertThat(original.body().length()).isEqualTo(newest.get("size").asInt());
    }

    @Test
    void aBadPageOrAnUnknownMailShouldBeAnsweredClearly() throws Exception {
        assertThat(appliance.get("/api/held?limit=0").get("httpStatus").asInt()).isEqualTo(400);
        assertThat(appliance.get("/api/held?before=x").get("error").asText()).startsWith("give limit (1-1000) and before (an id) as numbers");
        assertThat(appliance.get("/api/held/message").get("httpStatus").asInt()).isEqualTo(404);
        JsonNode unknown = appliance.get("/api/held/999999/message");
        assertThat(unknown.get("httpStatus").asInt()).isEqualTo(404);
        assertThat(unknown.get("error").asText()).isEqualTo("no held mail 999999");
    }
}
