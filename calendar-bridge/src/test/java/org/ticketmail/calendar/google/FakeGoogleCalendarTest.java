package org.ticketmail.calendar.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The fake's own promises that {@link GoogleCalendarTest} does not reach through Google's client. */
class FakeGoogleCalendarTest {
    private static final String ALICE = "alice@helpdesk.test";
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path conf;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeGoogleCalendar google;
    private String bearer;

    @BeforeEach
    void startGoogle() throws Exception {
        google = new FakeGoogleCalendar().start().addCalendar(ALICE);
        Path key = google.writeRefreshTokenKey(conf.resolve("refresh.json"));
        JsonObject json = JsonParser.parseString(Files.readString(key)).getAsJsonObject();
        String form = "grant_type=refresh_token&client_id=" + json.get("client_id").getAsString() + "&client_secret="
                + json.get("client_secret").getAsString() + "&refresh_token="
                + json.get("refresh_token").getAsString().replace("/", "%2F");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(google.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        bearer = "Bearer " + JsonParser.parseString(token.body()).getAsJsonObject().get("access_token").getAsString();
    }

    @AfterEach
    void stopGoogle() {
        google.close();
    }

    @Test
    void apiRequestsWithoutAnIssuedTokenShouldGet401WithGooglesErrorBody() throws Exception {
        HttpResponse<String> answer = get("calendar/v3/calendars/alice%40helpdesk.test/events", "Bearer forged");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        assertThat(answer.body()).isEqualTo("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"authError\","
                + "\"message\":\"Invalid Credentials\"}],\"code\":401,\"message\":\"Invalid Credentials\"}}");
    }

    @Test
    void listShouldDecodeAPercentEncodedCalendarId() throws Exception {
        google.addExternalEvent(ALICE, "Dentist", NINE, NINE.plusSeconds(3600));

        HttpResponse<String> answer = get("calendar/v3/calendars/alice%40helpdesk.test/events", bearer);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("items")).hasSize(1);
    }

    @Test
    void listShouldRefuseASyncTokenBesideATimeFilter() throws Exception {
        String token = JsonParser.parseString(get("calendar/v3/calendars/alice@helpdesk.test/events", bearer).body())
                .getAsJsonObject().get("nextSyncToken").getAsString();

        HttpResponse<String> answer = get("calendar/v3/calendars/alice@helpdesk.test/events?syncToken=" + token
                + "&timeMin=2026-03-02T00:00:00Z", bearer);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Sync token cannot be used with other request restrictions.");
    }

    @Test
    void listShouldAnswer410ForASyncTokenItNeverIssued() throws Exception {
        HttpResponse<String> answer = get("calendar/v3/calendars/alice@helpdesk.test/events?syncToken=made-up", bearer);

        assertThat(answer.statusCode()).isEqualTo(410);
        assertThat(answer.body()).contains("\"reason\":\"fullSyncRequired\"");
    }

    @Test
    void insertShouldAnswer409WhenTheIdBelongsToACancelledEvent() throws Exception {
        String event = "{\"id\":\"tm000042\",\"start\":{\"dateTime\":\"2026-03-02T09:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2026-03-02T10:00:00Z\"}}";
        post("calendar/v3/calendars/alice@helpdesk.test/events", event);
        google.deleteEvent(ALICE, "tm000042");

        HttpResponse<String> answer = post("calendar/v3/calendars/alice@helpdesk.test/events", event);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("\"reason\":\"duplicate\"");
    }

    @Test
    void freeBusyShouldLeaveOutTransparentAndCancelledEvents() throws Exception {
        post("calendar/v3/calendars/alice@helpdesk.test/events", "{\"id\":\"free00001\",\"transparency\":"
                + "\"transparent\",\"start\":{\"dateTime\":\"2026-03-02T09:00:00Z\"},\"end\":{\"dateTime\":"
                + "\"2026-03-02T10:00:00Z\"}}");
        String cancelled = google.addExternalEvent(ALICE, "Off", NINE, NINE.plusSeconds(3600));
        google.deleteEvent(ALICE, cancelled);
        google.addExternalEvent(ALICE, "Dentist", NINE.plusSeconds(7200), NINE.plusSeconds(9000));

        HttpResponse<String> answer = post("calendar/v3/freeBusy", "{\"timeMin\":\"2026-03-02T00:00:00Z\","
                + "\"timeMax\":\"2026-03-03T00:00:00Z\",\"items\":[{\"id\":\"alice@helpdesk.test\"}]}");

        assertThat(JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonObject("calendars")
                .getAsJsonObject(ALICE).getAsJsonArray("busy").toString())
                .isEqualTo("[{\"start\":\"2026-03-02T11:00:00Z\",\"end\":\"2026-03-02T11:30:00Z\"}]");
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(google.rootUrl() + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(google.rootUrl() + path))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
