package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The status server with status.token set: nothing but /health without the bearer token. */
class StatusTokenIntegrationTest extends RunningAppliance {
    private static final String TOKEN = "7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    Map<String, String> properties() {
        return Map.of("status.token", TOKEN);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageButHealthShouldNeedTheToken() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Secret plans").body("Internal.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());

        for (String path : new String[] {"/", "/api/tickets/" + number, "/api/tickets?updatedSince=1970-01-01T00:00:00Z", "/api/held",
                "/api/calendar"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).contains("Bearer realm=\"ticketmail\"");
            assertThat(anonymous.body()).as(path).doesNotContain("Secret plans");
            assertThat(get(path, "Bearer wrong-token-of-the-same-size-00").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> allowed = get("/api/tickets/" + number, "Bearer " + TOKEN);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("Secret plans");
    }

    @Test
    void aReleaseShouldNeedTheTokenAndTheCliShouldSendIt() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Vacation reply").header("Auto-Submitted", "auto-replied").sendTo(appliance.smtpPort());
        long id = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(
                () -> appliance.appliance.held().newest(1).stream().filter(h -> "Vacation reply".equals(h.subject())).findFirst()
                        .map(h -> h.id()).orElse(null), java.util.Objects::nonNull);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort()
                + "/api/held/" + id + "/release")).header("X-Requested-By", "ticketmail").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(appliance.appliance.held().find(id).get().releasedAt()).isNull();

        // The CLI reads status.token from the same conf/ticketmail.properties.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = Main.release(Main.Options.parse(java.util.List.of("--conf", appliance.root.resolve("conf").toString(), Long.toString(id)),
                true, System.err), Map.of("TICKETMAIL_STATUS_PORT", Integer.toString(appliance.appliance.statusPort())),
                new java.io.PrintStream(out, true));

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("held mail " + id + " released");
        outside.awaitExactly(4, appliance.smtpPort());
    }
}
