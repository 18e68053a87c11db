package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** What an operator sees (issue 11): /health, /metrics, the status page and one log line per mail. */
class OperationsIntegrationTest extends RunningAppliance {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample, e.g. {@code ticketmail_mails_total{outcome="recorded"}}; 0 when absent. */
    private static double sample(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void healthShouldBeUpWithEveryComponent() throws Exception {
        HttpResponse<String> r = get("/health");
        JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(health.get("status").asText()).isEqualTo("up");
        assertThat(health.get("components").get("james").get("status").asText()).isEqualTo("up");
        assertThat(health.get("components").get("store").get("status").asText()).isEqualTo("up");
        assertThat(health.get("components").get("queues").get("status").asText()).isEqualTo("up");
        assertThat(health.get("components").get("calendar").get("status").asText()).isEqualTo("off");
    }

    @Test
    void metricsShouldCountTheMailsJustSent() throws Exception {
        String before = get("/metrics").body();
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Metrics one").sendTo(appliance.smtpPort());
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Metrics two").sendTo(appliance.smtpPort());
        mail().from("dana@acme.test").to(SUPPORT).subject("Away").header("Auto-Submitted", "auto-replied").sendTo(appliance.smtpPort());
        outside.awaitExactly(8, appliance.smtpPort()); // two new tickets: acknowledgment, alice, bob, carol each

        HttpResponse<String> r = get("/metrics");
        String after = r.body();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        for (String[] counted : new String[][] {{"ticketmail_mails_total{outcome=\"received\"}", "3"},
                {"ticketmail_mails_total{outcome=\"recorded\"}", "2"}, {"ticketmail_mails_total{outcome=\"distributed\"}", "2"},
                {"ticketmail_mails_total{outcome=\"held\"}", "1"}, {"ticketmail_tickets_opened_total", "2"},
                {"ticketmail_held_total{reason=\"automatic\"}", "1"}, {"ticketmail_step_seconds_count{step=\"RecordHistory\"}", "2"},
                {"ticketmail_mail_seconds_count", "2"}}) {
            assertThat(sample(after, counted[0]) - sample(before, counted[0])).as(counted[0]).isEqualTo(Double.parseDouble(counted[1]));
        }
        // The spool took the three mails and the marker awaitExactly sends through the relay; the copies and the
        // acknowledgments went from the pipeline straight to the outgoing queue (two copies, two acknowledgments and
        // the marker), not through the spool first, which would make the spool's count 8.
        String spool = "ticketmail_queue_enqueued_total{queue=\"spool\"}";
        String outgoing = "ticketmail_queue_enqueued_total{queue=\"outgoing\"}";
        assertThat(sample(after, spool) - sample(before, spool)).as(spool).isEqualTo(4);
        assertThat(sample(after, outgoing) - sample(before, outgoing)).as(outgoing).isEqualTo(5);
        assertThat(after).contains("ticketmail_step_seconds_bucket{step=\"DistributeToRecipients\",le=").contains("jvm_memory_used_bytes");
        // From accept to the last copy handed on: seconds, not minutes (the clock it starts from is the SMTP accept).
        double mean = (sample(after, "ticketmail_mail_seconds_sum") - sample(before, "ticketmail_mail_seconds_sum"))
                / (sample(after, "ticketmail_mail_seconds_count") - sample(before, "ticketmail_mail_seconds_count"));
        assertThat(mean).isBetween(0.0, 30.0);
    }

    @Test
    void eachMailShouldWriteOneInfoLineWithoutItsBody() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("org.ticketmail");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("One line").messageId("<one-line-1@acme.test>")
                    .body("The secret door code is 4711.").sendTo(appliance.smtpPort());
            outside.awaitExactly(4, appliance.smtpPort());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> info(lines).stream()
                    .anyMatch(l -> l.contains("<one-line-1@acme.test>") && l.contains("decision=")));

            List<String> mine = info(lines).stream().filter(l -> l.contains("<one-line-1@acme.test>")).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0)).matches("message-id=<one-line-1@acme\\.test> ticket=\\d{4}-\\d{4,} sender=customer"
                    + " decision=new-ticket,distributed,acknowledged,done recipients=4 ms=\\d+");
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(l -> l.contains("4711"));
        } finally {
            logger.detachAppender(lines);
        }
    }

    private static List<String> info(ListAppender<ILoggingEvent> lines) {
        return List.copyOf(lines.list).stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theStatusPageShouldShowHealthMailQueuesFailuresConfigurationAndTheInbox() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Status <page> & inbox").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());

        HttpResponse<String> r = get("/");
        String page = r.body();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(page).contains("<meta name=\"viewport\"").doesNotContain("<script");
        assertThat(page).contains("<h2>Health</h2>").contains("<h2>Mail</h2>").contains("<h2>Queues</h2>").contains("<h2>Held mail by reason</h2>")
                .contains("<h2>Last failures</h2>").contains("<h2>Configuration</h2>").contains("<h2>Inbox</h2>");
        assertThat(page).contains("conf/directory.yaml").contains("in force");
        assertThat(page).contains("Status &lt;page&gt; &amp; inbox").doesNotContain("Status <page>");
        assertThat(page).containsPattern("<th>recorded</th><td class=\"n\">[1-9]\\d*</td>");
    }
}
