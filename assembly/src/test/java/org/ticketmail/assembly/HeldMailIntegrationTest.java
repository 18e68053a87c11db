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

/** The held mail an admin works through: every entry reachable page by page, each original downloadable, each releasable. */
class HeldMailIntegrationTest extends RunningAppliance {

    /** Waits until a mail with this subject is held; its id. */
    private long heldId(String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode h : appliance.get("/api/held?limit=1000").get("held")) {
                if (h.get("subject").asText().equals(subject)) {
                    return h.get("id").asLong();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private JsonNode heldEntry(long id) throws Exception {
        for (JsonNode h : appliance.get("/api/held?limit=1000").get("held")) {
            if (h.get("id").asLong() == id) {
                return h;
            }
        }
        throw new AssertionError("no held mail " + id);
    }

    private String[] release(String id) {
        return appliance.release(id);
    }

    @Test
    void aReleasedHeldMailShouldBecomeTicketTrafficOnceAndSayWhereItCameFrom() throws Exception {
        // An "out of office" that is really a customer's request: held by the guard, then released by the admin.
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Away, but the printer is on fire").messageId("<away-1@acme.test>")
                .header("Auto-Submitted", "auto-replied").body("Please send someone.").sendTo(appliance.smtpPort());
        long id = heldId("Away, but the printer is on fire");
        long ticketsBefore = appliance.appliance.store().countTickets();

        String[] released = release(Long.toString(id));

        assertThat(released[0]).as(released[2]).isEqualTo("0");
        assertThat(released[1]).isEqualTo("held mail " + id + " released into the ticket pipeline for " + SUPPORT);
        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol
        assertThat(appliance.appliance.store().countTickets()).isEqualTo(ticketsBefore + 1);
        String number = ApplianceFixture.ticketNumber(outside.only("carol@helpdesk.test").getSubject());
        JsonNode entry = appliance.ticket(number).get("history").get(0);
        assertThat(entry.get("messageId").asText()).isEqualTo("<away-1@acme.test>");
        assertThat(entry.get("text").asText()).isEqualTo("Please send someone.");
        assertThat(entry.get("note").asText()).contains("released by an admin from held mail " + id);
        assertThat(heldEntry(id).get("releasedAt").asText()).isNotBlank();

        String[] again = release(Long.toString(id));
        assertThat(again[0]).isEqualTo("1");
        assertThat(again[2]).startsWith("held mail " + id + " was released at ").endsWith("; it is released once");
        outside.awaitExactly(4, appliance.smtpPort());
    }

    @Test
    void aReleasedMailInAnEmployeesNameShouldNotCountAsVerified() throws Exception {
        // Held from a trusted client; released, it runs no command: the release is the appliance's, not alice's.
        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Auto: scheduled maintenance").messageId("<alice-auto@helpdesk.test>")
                .header("Auto-Submitted", "auto-generated").body("#priority urgent\nMaintenance tonight.").sendTo(appliance.smtpPort());
        long id = heldId("Auto: scheduled maintenance");

        assertThat(release(Long.toString(id))[0]).isEqualTo("0");

        // Alice is told a mail in her name was not verified: the positive signal that the released mail went through.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !outside.inbox("alice@helpdesk.test").isEmpty());
        String number = ApplianceFixture.ticketNumber(outside.inbox("alice@helpdesk.test").get(0).getSubject());
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("priority").asText()).isEqualTo("normal");
        assertThat(ticket.get("history").get(0).get("public").asBoolean()).isFalse();
    }

    @Test
    void aHeldMailThatWasNotForTheSupportAddressShouldNotBeReleased() throws Exception {
        long id = appliance.appliance.held().hold("not for the support address, and the sender may not relay", "spammer@evil.test",
                "victim@elsewhere.test", "Buy now", "From: spammer@evil.test\r\nTo: victim@elsewhere.test\r\nSubject: Buy now\r\n\r\nx\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        String[] released = release(Long.toString(id));

        assertThat(released[0]).isEqualTo("1");
        assertThat(released[2]).isEqualTo("held mail " + id + " was for victim@elsewhere.test, not for the support address; releasing it"
                + " would relay it. Download it (/api/held/" + id + "/message) and forward it if it must go on");
        assertThat(heldEntry(id).get("releasedAt").isNull()).isTrue();
    }

    @Test
    void aReleaseShouldBeRefusedClearlyForAnUnknownIdAWebPageOrAStoppedAppliance() throws Exception {
        String[] unknown = release("999999");
        assertThat(unknown[0]).isEqualTo("1");
        assertThat(unknown[2]).isEqualTo("no held mail 999999");
        assertThat(release("x")[0]).isEqualTo("2");

        // Without the header a web page cannot set, a POST does nothing (a page in an admin's browser cannot release mail).
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.appliance.statusPort() + "/api/held/1/release")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("a release needs the header X-Requested-By: ticketmail");
        HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.appliance.statusPort() + "/api/held/1/release")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status;
        String message = "";
        try {
            status = Main.release(Main.Options.parse(List.of("--conf", appliance.root.resolve("conf").toString(), "1"), true,
                    new java.io.PrintStream(err)), java.util.Map.of("TICKETMAIL_STATUS_PORT", Integer.toString(freePort())), System.out);
        } catch (ConfigException e) {
            status = 1;
            message = e.getMessage();
        }
        assertThat(status).isEqualTo(1);
        assertThat(message).startsWith("no ticketmail answers on the status port 127.0.0.1:").endsWith("release works through the"
                + " running appliance: start it, then run release again");
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void heldMailShouldBePagedWithTheMessageIdAndDownloadable() throws Exception {
        for (int i = 1; i <= 5; i++) {
            mail().from("dana@acme.test").to(SUPPORT).subject("Out of office " + i).messageId("<ooo-" + i + "@acme.test>")
                    .header("Auto-Submitted", "auto-replied").sendTo(appliance.smtpPort());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> appliance.get("/api/held").get("total").asLong() >= 5);

        long total = appliance.get("/api/held").get("total").asLong(); // other tests of this class hold mail too
        List<String> subjects = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        JsonNode page = appliance.get("/api/held?limit=2");
        assertThat(page.get("held")).hasSize(2);
        int pages = 1;
        while (true) {
            for (JsonNode h : page.get("held")) {
                ids.add(h.get("id").asLong());
                if (h.get("subject").asText().startsWith("Out of office ")) {
                    subjects.add(h.get("subject").asText());
                }
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
        assertThat(ids).hasSize((int) total);
        assertThat(pages).isEqualTo((int) (total + 1) / 2);

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
