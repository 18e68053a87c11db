package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /health} for load balancers and systemd: 503 when the store is gone. Its own appliance: the test breaks it. */
class HealthIntegrationTest extends RunningAppliance {

    @Test
    void healthShouldTurn503WhenTheStoreIsUnreachable() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/health");
        assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        appliance.appliance.database().close();

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(body.get("status").asText()).isEqualTo("down");
        assertThat(body.get("components").get("store").get("status").asText()).isEqualTo("down");
        assertThat(body.get("components").get("store").get("detail").asText()).isEqualTo("the Derby database does not answer");
        assertThat(body.get("components").get("james").get("status").asText()).isEqualTo("up");
        // The status page still answers, and says so.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(health.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>ticketmail: DOWN</title>").contains("the Derby database does not answer")
                .contains("cannot be read now: database");
    }
}
