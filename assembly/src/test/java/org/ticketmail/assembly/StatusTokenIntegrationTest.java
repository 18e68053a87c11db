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
}
