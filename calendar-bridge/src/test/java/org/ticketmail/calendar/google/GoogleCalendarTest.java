package org.ticketmail.calendar.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.ChangePage;
import org.ticketmail.calendar.EventSpec;
import org.ticketmail.calendar.RemoteEvent;
import org.ticketmail.calendar.SyncTokenExpired;
import org.ticketmail.calendar.TimeSpan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class GoogleCalendarTest {
    private static final String ALICE = "alice@helpdesk.test";
    private static final String BOB = "bob@helpdesk.test";
    private static final String KEY_NAME = "conf/google-calendar.json";
    private static final String EVENT_ID = "tm000042";
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final TimeSpan MORNING = TimeSpan.of(NINE, Duration.ofHours(2));
    private static final TimeSpan AFTERNOON = TimeSpan.of(NINE.plus(Duration.ofHours(5)), Duration.ofHours(1));
    private static final TimeSpan MONDAY = TimeSpan.of(Instant.parse("2026-03-02T00:00:00Z"), Duration.ofDays(1));

    @TempDir
    Path conf;

    private FakeGoogleCalendar google;
    private Path key;

    @BeforeEach
    void startGoogle() {
        google = new FakeGoogleCalendar().start().addCalendar(ALICE).addCalendar(BOB);
        key = google.writeServiceAccountKey(conf.resolve("google-calendar.json"));
    }

    @AfterEach
    void stopGoogle() {
        google.close();
    }

    @Test
    void putShouldInsertTheEventWithItsIdTitleTimesAndTicketProperty() throws Exception {
        calendar().put(ALICE, EVENT_ID, ticket42(MORNING, "Tech@Helpdesk.test"));

        assertThat(google.apiRequests()).hasSize(1);
        FakeGoogleCalendar.Request insert = google.apiRequests().get(0);
        assertThat(insert.method()).isEqualTo("POST");
        assertThat(insert.path()).isEqualTo("/calendar/v3/calendars/alice@helpdesk.test/events");
        assertThat(insert.jsonText("id")).isEqualTo(EVENT_ID);
        assertThat(insert.jsonText("status")).isEqualTo("confirmed");
        assertThat(insert.jsonText("summary")).isEqualTo("42 – Printer jams : Acme Corp (high)");
        assertThat(insert.jsonText("description")).isEqualTo("The printer on floor 2 jams.");
        assertThat(insert.jsonText("start", "dateTime")).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(insert.jsonText("start", "timeZone")).isEqualTo("Europe/Berlin");
        assertThat(insert.jsonText("end", "dateTime")).isEqualTo("2026-03-02T11:00:00.000Z");
        assertThat(insert.jsonText("end", "timeZone")).isEqualTo("Europe/Berlin");
        assertThat(insert.jsonText("extendedProperties", "private", "ticketmail-ticket")).isEqualTo("42");
        assertThat(insert.json().getAsJsonObject().getAsJsonArray("attendees").toString())
                .isEqualTo("[{\"email\":\"Tech@Helpdesk.test\"}]");
        assertThat(insert.queryParameter("sendUpdates")).isEqualTo("all"); // the guest hears of it from Google
        assertThat(insert.authorization()).isEqualTo("Bearer " + google.issuedAccessTokens().get(0));
        assertThat(google.events(ALICE)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EVENT_ID);
            assertThat(event.start()).isEqualTo(MORNING.start());
            assertThat(event.ticketNumber()).isEqualTo("42");
        });
    }

    @Test
    void putShouldUpdateTheEventWhenItsIdExists() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));

        calendar.put(ALICE, EVENT_ID, ticket42(AFTERNOON));

        assertThat(google.apiRequests()).extracting(FakeGoogleCalendar.Request::method)
                .containsExactly("POST", "POST", "PUT");
        FakeGoogleCalendar.Request update = google.apiRequests().get(2);
        assertThat(update.path()).isEqualTo("/calendar/v3/calendars/alice@helpdesk.test/events/" + EVENT_ID);
        assertThat(update.jsonText("start", "dateTime")).isEqualTo("2026-03-02T14:00:00.000Z");
        assertThat(google.events(ALICE)).singleElement().satisfies(event -> {
            assertThat(event.start()).isEqualTo(AFTERNOON.start());
            assertThat(event.end()).isEqualTo(AFTERNOON.end());
        });
    }

    @Test
    void putRetriedAfterGoogleFailedTheInsertShouldLeaveOneEvent() throws Exception {
        GoogleCalendar calendar = calendar();
        google.failNext(1, 503);

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)));
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure).hasMessage("put event tm000042 on calendar alice@helpdesk.test: Google answered HTTP 503 "
                + "(Backend Error)");
        assertThat(google.events(ALICE)).singleElement().satisfies(event -> assertThat(event.cancelled()).isFalse());
    }

    @Test
    void putRetriedAfterTheAnswerToItsInsertWasLostShouldLeaveOneEvent() throws Exception {
        GoogleCalendar calendar = calendar();
        google.failNextAfterApplying(1, 503);

        assertThatThrownBy(() -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)))
                .isInstanceOfSatisfying(CalendarException.class, e -> assertThat(e.retryable()).isTrue());
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));

        assertThat(google.apiRequests()).extracting(FakeGoogleCalendar.Request::method)
                .containsExactly("POST", "POST", "PUT");
        assertThat(google.events(ALICE)).singleElement().satisfies(event -> assertThat(event.cancelled()).isFalse());
    }

    @Test
    void putShouldReviveAnEventDeletedOnTheCalendar() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        google.deleteEvent(ALICE, EVENT_ID);

        calendar.put(ALICE, EVENT_ID, ticket42(AFTERNOON));

        assertThat(google.event(ALICE, EVENT_ID)).hasValueSatisfying(event -> {
            assertThat(event.cancelled()).isFalse();
            assertThat(event.start()).isEqualTo(AFTERNOON.start());
        });
    }

    @Test
    void putShouldRefuseAnEventIdThatIsNotBase32Hex() {
        assertThatThrownBy(() -> calendar().put(ALICE, "ticket-42", ticket42(MORNING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id 'ticket-42' is not 5 to 1024 characters of base32hex (a-v, 0-9)");
        assertThat(google.requests()).isEmpty();
    }

    @Test
    void removeShouldCancelTheEvent() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));

        calendar.remove(ALICE, EVENT_ID);

        assertThat(google.apiRequests().get(1).method()).isEqualTo("DELETE");
        assertThat(google.event(ALICE, EVENT_ID)).hasValueSatisfying(event -> assertThat(event.cancelled()).isTrue());
    }

    @Test
    void removeShouldSucceedWhenTheEventIsAlreadyDeleted() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        calendar.remove(ALICE, EVENT_ID);

        calendar.remove(ALICE, EVENT_ID);

        assertThat(google.event(ALICE, EVENT_ID)).hasValueSatisfying(event -> assertThat(event.cancelled()).isTrue());
    }

    @Test
    void removeShouldSucceedWhenTheEventNeverExisted() throws Exception {
        calendar().remove(ALICE, "tm000099");

        assertThat(google.events(ALICE)).isEmpty();
    }

    @Test
    void busyShouldReturnEveryEventInsideTheWindowWhoeverMadeIt() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        google.addExternalEvent(ALICE, "Dentist", AFTERNOON.start(), AFTERNOON.end());
        google.addExternalEvent(ALICE, "Next week", NINE.plus(Duration.ofDays(7)), NINE.plus(Duration.ofDays(7)).plusSeconds(3600));
        String cancelled = google.addExternalEvent(BOB, "Cancelled", MORNING.start(), MORNING.end());
        google.deleteEvent(BOB, cancelled);

        Map<String, List<TimeSpan>> busy = calendar.busy(List.of(ALICE, BOB), MONDAY);

        assertThat(busy).containsExactly(Map.entry(ALICE, List.of(MORNING, AFTERNOON)), Map.entry(BOB, List.of()));
        FakeGoogleCalendar.Request query = google.apiRequests().get(1);
        assertThat(query.path()).isEqualTo("/calendar/v3/freeBusy");
        assertThat(query.json().getAsJsonObject().getAsJsonArray("items").toString())
                .isEqualTo("[{\"id\":\"alice@helpdesk.test\"},{\"id\":\"bob@helpdesk.test\"}]");
        assertThat(query.jsonText("timeMin")).isEqualTo("2026-03-02T00:00:00.000Z");
        assertThat(query.jsonText("timeMax")).isEqualTo("2026-03-03T00:00:00.000Z");
    }

    @Test
    void busyShouldFailNotRetryableNamingACalendarGoogleDoesNotKnow() {
        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar().busy(List.of(ALICE, "nobody@helpdesk.test"), MONDAY));

        assertThat(failure).hasMessage("free/busy of calendars alice@helpdesk.test, nobody@helpdesk.test: Google "
                + "reports 'notFound' for calendar nobody@helpdesk.test; no calendar nobody@helpdesk.test, or it is "
                + "not shared with ticketmail@test-project.iam.gserviceaccount.com; check calendar.id in "
                + "conf/directory.yaml");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.status()).isEqualTo(404);
    }

    @Test
    void changesShouldListEveryEventOnAFullSyncThenOnlyWhatChangedSince() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        calendar.put(ALICE, "tm000043", ticket(43, AFTERNOON));
        String dentist = google.addExternalEvent(ALICE, "Dentist", NINE.minusSeconds(3600), NINE);
        ChangePage full = calendar.changes(ALICE, null);

        TimeSpan evening = new TimeSpan(AFTERNOON.start().plusSeconds(7200), AFTERNOON.end().plusSeconds(7200));
        google.moveEvent(ALICE, EVENT_ID, evening.start(), evening.end());
        google.deleteEvent(ALICE, dentist);
        ChangePage incremental = calendar.changes(ALICE, full.nextSyncToken());

        assertThat(full.events()).extracting(RemoteEvent::eventId, RemoteEvent::ticketNumber, RemoteEvent::cancelled)
                .containsExactly(tuple(EVENT_ID, "42", false), tuple("tm000043", "43", false),
                        tuple(dentist, null, false));
        assertThat(incremental.events()).extracting(RemoteEvent::eventId, RemoteEvent::span, RemoteEvent::cancelled)
                .containsExactly(tuple(EVENT_ID, evening, false),
                        tuple(dentist, new TimeSpan(NINE.minusSeconds(3600), NINE), true));
        assertThat(calendar.changes(ALICE, incremental.nextSyncToken()).events()).isEmpty();
    }

    @Test
    void changesShouldAskGoogleOnlyForWhatItAllowsBesideASyncToken() throws Exception {
        GoogleCalendar calendar = calendar();
        ChangePage full = calendar.changes(ALICE, null);

        calendar.changes(ALICE, full.nextSyncToken());

        FakeGoogleCalendar.Request fullList = google.apiRequests().get(0);
        FakeGoogleCalendar.Request incrementalList = google.apiRequests().get(1);
        assertThat(fullList.path()).isEqualTo("/calendar/v3/calendars/alice@helpdesk.test/events");
        assertThat(fullList.query()).isEqualTo("maxResults=250&showDeleted=true");
        assertThat(incrementalList.query())
                .isEqualTo("maxResults=250&showDeleted=true&syncToken=" + full.nextSyncToken());
    }

    @Test
    void changesShouldReportGuestsLowerCasedAndWhenTheEventChanged() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        google.setGuests(ALICE, EVENT_ID, List.of("Tech@Helpdesk.test", "Dana@ACME.test"));

        RemoteEvent event = calendar.changes(ALICE, null).events().get(0);

        assertThat(event.calendarId()).isEqualTo(ALICE);
        assertThat(event.guests()).containsExactly("tech@helpdesk.test", "dana@acme.test");
        assertThat(event.updated()).isEqualTo(google.event(ALICE, EVENT_ID).orElseThrow().updated());
        assertThat(event.span()).isEqualTo(MORNING);
    }

    @Test
    void changesShouldSeeAnEventMovedToAnotherCalendarOnBothCalendars() throws Exception {
        GoogleCalendar calendar = calendar();
        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        String aliceToken = calendar.changes(ALICE, null).nextSyncToken();
        String bobToken = calendar.changes(BOB, null).nextSyncToken();

        google.moveToCalendar(ALICE, EVENT_ID, BOB);

        assertThat(calendar.changes(ALICE, aliceToken).events()).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(EVENT_ID);
            assertThat(event.cancelled()).isTrue();
        });
        assertThat(calendar.changes(BOB, bobToken).events()).singleElement().satisfies(event -> {
            assertThat(event.calendarId()).isEqualTo(BOB);
            assertThat(event.eventId()).isEqualTo(EVENT_ID);
            assertThat(event.cancelled()).isFalse();
            assertThat(event.ticketNumber()).isEqualTo("42");
            assertThat(event.span()).isEqualTo(MORNING);
        });
    }

    @Test
    void changesShouldReadEveryPage() throws Exception {
        google.limitPageSize(2);
        List<String> ids = new ArrayList<>();
        for (int hour = 0; hour < 5; hour++) {
            ids.add(google.addExternalEvent(ALICE, "Meeting " + hour, NINE.plusSeconds(hour * 3600L),
                    NINE.plusSeconds(hour * 3600L + 1800)));
        }
        GoogleCalendar calendar = calendar();

        ChangePage full = calendar.changes(ALICE, null);
        ids.forEach(id -> google.moveEvent(ALICE, id, AFTERNOON.start(), AFTERNOON.end()));
        ChangePage incremental = calendar.changes(ALICE, full.nextSyncToken());

        assertThat(full.events()).extracting(RemoteEvent::eventId).containsExactlyElementsOf(ids);
        assertThat(incremental.events()).extracting(RemoteEvent::eventId).containsExactlyElementsOf(ids);
        List<FakeGoogleCalendar.Request> lists = google.apiRequests();
        assertThat(lists).hasSize(6);
        assertThat(lists).extracting(request -> request.queryParameter("pageToken") != null)
                .containsExactly(false, true, true, false, true, true);
        assertThat(lists.subList(3, 6)).extracting(request -> request.queryParameter("syncToken"))
                .containsOnly(full.nextSyncToken());
    }

    @Test
    void changesShouldThrowSyncTokenExpiredWhenGoogleNoLongerKnowsTheToken() throws Exception {
        GoogleCalendar calendar = calendar();
        String token = calendar.changes(ALICE, null).nextSyncToken();
        google.expireSyncTokens();

        assertThatThrownBy(() -> calendar.changes(ALICE, token))
                .isInstanceOf(SyncTokenExpired.class)
                .hasMessage("the sync token of calendar alice@helpdesk.test expired; a full sync follows");
    }

    @Test
    void aServiceAccountKeyShouldObtainItsTokenFromTheKeysTokenUri() throws Exception {
        calendar().put(ALICE, EVENT_ID, ticket42(MORNING));

        FakeGoogleCalendar.Request tokenRequest = google.requests().get(0);
        assertThat(tokenRequest.isTokenRequest()).isTrue();
        assertThat(tokenRequest.path()).isEqualTo("/token");
        assertThat(tokenRequest.formParameter("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        JsonObject claims = jwtClaims(tokenRequest);
        assertThat(claims.get("iss").getAsString()).isEqualTo(FakeGoogleCalendar.SERVICE_ACCOUNT_EMAIL);
        assertThat(claims.get("aud").getAsString()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(claims.get("scope").getAsString()).isEqualTo("https://www.googleapis.com/auth/calendar");
        assertThat(claims.has("sub")).isFalse();
        assertThat(google.requests().get(1).authorization()).isEqualTo("Bearer " + google.issuedAccessTokens().get(0));
    }

    @Test
    void aRefreshTokenKeyShouldObtainItsTokenFromTheKeysTokenUri() throws Exception {
        Path refreshKey = google.writeRefreshTokenKey(conf.resolve("refresh.json"));

        GoogleCalendar.connect(settings(refreshKey)).put(ALICE, EVENT_ID, ticket42(MORNING));

        FakeGoogleCalendar.Request tokenRequest = google.requests().get(0);
        assertThat(tokenRequest.isTokenRequest()).isTrue();
        assertThat(tokenRequest.formParameter("grant_type")).isEqualTo("refresh_token");
        assertThat(tokenRequest.formParameter("refresh_token")).isEqualTo(keyField(refreshKey, "refresh_token"));
        assertThat(google.requests().get(1).authorization()).isEqualTo("Bearer " + google.issuedAccessTokens().get(0));
    }

    @Test
    void delegationShouldImpersonateTheOwnerOfEachCalendar() throws Exception {
        GoogleCalendar calendar = GoogleCalendar.connect(settings(key).withDelegate(true));

        calendar.put(ALICE, EVENT_ID, ticket42(MORNING));
        calendar.put(BOB, "tm000043", ticket(43, MORNING));
        calendar.remove(ALICE, EVENT_ID);

        List<FakeGoogleCalendar.Request> tokenRequests = google.requests().stream()
                .filter(FakeGoogleCalendar.Request::isTokenRequest).toList();
        assertThat(tokenRequests).extracting(request -> jwtClaims(request).get("sub").getAsString())
                .containsExactly(ALICE, BOB);
        List<String> tokens = google.issuedAccessTokens();
        assertThat(google.apiRequests()).extracting(FakeGoogleCalendar.Request::authorization)
                .containsExactly("Bearer " + tokens.get(0), "Bearer " + tokens.get(1), "Bearer " + tokens.get(0));
    }

    @Test
    void connectShouldRefuseAKeyFileReadableByEveryUser() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> GoogleCalendar.connect(settings(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/google-calendar.json: readable by every user of this machine; run chmod 600 "
                        + "conf/google-calendar.json");
    }

    @Test
    void connectShouldRefuseAKeyFileThatIsNotJsonWithoutQuotingIt() throws IOException {
        String privateKey = keyField(key, "private_key");
        Files.writeString(key, "{\"type\": \"service_account\",\n \"private_key\": \"" + privateKey.replace("\n", "\\n")
                + "\",\n \"client_email\": ");

        Throwable refusal = catchThrowableOfType(IllegalArgumentException.class,
                () -> GoogleCalendar.connect(settings(key)));

        assertThat(refusal).hasMessage("conf/google-calendar.json: not JSON (End of input at line 3 column 18 path "
                + "$.client_email); download a new JSON key of the service account from the "
                + "Google Cloud console (IAM & Admin, Service accounts, Keys)");
        assertNoKeyMaterialIn(refusal, List.of(privateKey));
    }

    @Test
    void connectShouldRefuseAMissingKeyFile() {
        assertThatThrownBy(() -> GoogleCalendar.connect(settings(conf.resolve("missing.json"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/google-calendar.json: no such file; download a new JSON key of the service account "
                        + "from the Google Cloud console (IAM & Admin, Service accounts, Keys) and save it there, or "
                        + "point calendar.google.credentials at it");
    }

    @Test
    void connectShouldRefuseAKeyOfAnotherType() throws IOException {
        Files.writeString(key, "{\"type\": \"external_account\", \"audience\": \"x\"}");

        assertThatThrownBy(() -> GoogleCalendar.connect(settings(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/google-calendar.json: type 'external_account' is not a key ticketmail can use; "
                        + "download a new JSON key of the service account from the Google Cloud console (IAM & Admin, "
                        + "Service accounts, Keys) (type service_account), or an OAuth refresh token (type "
                        + "authorized_user)");
    }

    @Test
    void connectShouldRefuseAServiceAccountKeyWithoutTokenUri() throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(key)).getAsJsonObject();
        json.remove("token_uri");
        Files.writeString(key, json.toString());

        assertThatThrownBy(() -> GoogleCalendar.connect(settings(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/google-calendar.json: service_account key without \"token_uri\"; download a new JSON "
                        + "key of the service account from the Google Cloud console (IAM & Admin, Service accounts, "
                        + "Keys)");
    }

    @Test
    void connectShouldRefuseDelegationWithARefreshToken() {
        Path refreshKey = google.writeRefreshTokenKey(conf.resolve("refresh.json"));

        assertThatThrownBy(() -> GoogleCalendar.connect(settings(refreshKey).withDelegate(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/google-calendar.json: domain-wide delegation needs a service account key (type "
                        + "service_account), this one is an OAuth refresh token (authorized_user)");
    }

    @Test
    void putShouldFailNotRetryableWithTheShareHintWhenGoogleAnswers403() throws IOException {
        GoogleCalendar calendar = calendar();
        google.failNext(1, 403);

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)));

        assertThat(failure).hasMessage("put event tm000042 on calendar alice@helpdesk.test: Google answered HTTP 403 "
                + "(You need to have writer access to this calendar.); share calendar alice@helpdesk.test with "
                + "ticketmail@test-project.iam.gserviceaccount.com with 'Make changes to events', or grant "
                + "domain-wide delegation");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.status()).isEqualTo(403);
        assertNoKeyMaterialIn(failure, secretsOf(key));
    }

    @Test
    void putShouldFailRetryableWhenGoogleAnswers429() throws Exception {
        GoogleCalendar calendar = calendar();
        google.failNext(1, 429);

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)));

        assertThat(failure).hasMessage("put event tm000042 on calendar alice@helpdesk.test: Google's rate limit (HTTP "
                + "429 rateLimitExceeded); call again later");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void putShouldFailNotRetryableWhenTheCalendarIsUnknown() {
        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar().put("nobody@helpdesk.test", EVENT_ID, ticket42(MORNING)));

        assertThat(failure).hasMessage("put event tm000042 on calendar nobody@helpdesk.test: Google answered HTTP 404 "
                + "(Not Found); no calendar nobody@helpdesk.test; check calendar.id in conf/directory.yaml");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void callsShouldFailRetryableWhenTheCalendarApiIsUnreachable() throws IOException {
        String deadRootUrl;
        try (FakeGoogleCalendar gone = new FakeGoogleCalendar().start()) {
            deadRootUrl = gone.rootUrl();
        }
        GoogleCalendar calendar = GoogleCalendar.connect(settings(key).withRootUrl(deadRootUrl));

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)));

        assertThat(failure).hasMessage("put event tm000042 on calendar alice@helpdesk.test: no answer from "
                + deadRootUrl + " (ConnectException: Connection refused); call again later");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.status()).isZero();
        assertNoKeyMaterialIn(failure, secretsOf(key));
    }

    @Test
    void callsShouldFailRetryableWhenTheTokenEndpointIsUnreachable() throws IOException {
        GoogleCalendar calendar = calendar();
        String tokenUri = google.tokenUri();
        google.close();

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.changes(ALICE, null));

        assertThat(failure).hasMessage("full sync of calendar alice@helpdesk.test: no answer from the token endpoint "
                + tokenUri + " (ConnectException: Connection refused); call again later");
        assertThat(failure.retryable()).isTrue();
        assertNoKeyMaterialIn(failure, secretsOf(key));
    }

    @Test
    void aRefusedRefreshTokenShouldFailNotRetryableWithoutQuotingIt() throws IOException {
        Path refreshKey = google.writeRefreshTokenKey(conf.resolve("refresh.json"));
        JsonObject json = JsonParser.parseString(Files.readString(refreshKey)).getAsJsonObject();
        json.addProperty("refresh_token", "1//revoked-refresh-token");
        Files.writeString(refreshKey, json.toString());
        GoogleCalendar calendar = GoogleCalendar.connect(settings(refreshKey));

        CalendarException failure = catchThrowableOfType(CalendarException.class,
                () -> calendar.put(ALICE, EVENT_ID, ticket42(MORNING)));

        assertThat(failure).hasMessage("put event tm000042 on calendar alice@helpdesk.test: the token endpoint "
                + google.tokenUri() + " answered HTTP 400 invalid_grant; the refresh token in conf/google-calendar.json "
                + "was refused (revoked or expired?); authorise ticketmail again and save the new refresh token there");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.status()).isEqualTo(400);
        assertNoKeyMaterialIn(failure, secretsOf(refreshKey));
    }

    private GoogleCalendar calendar() {
        return GoogleCalendar.connect(settings(key));
    }

    private GoogleSettings settings(Path keyFile) {
        return GoogleSettings.of(keyFile, KEY_NAME).withRootUrl(google.rootUrl()).withTimeout(Duration.ofSeconds(5));
    }

    private static EventSpec ticket42(TimeSpan span, String... guests) {
        return new EventSpec("42 – Printer jams : Acme Corp (high)", "The printer on floor 2 jams.", span,
                List.of(guests), "42", "Europe/Berlin");
    }

    private static EventSpec ticket(int number, TimeSpan span) {
        return new EventSpec(number + " – Mail is slow : Acme Corp (normal)", "", span, List.of(), "" + number,
                "Europe/Berlin");
    }

    private static JsonObject jwtClaims(FakeGoogleCalendar.Request tokenRequest) {
        String[] parts = tokenRequest.formParameter("assertion").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return JsonParser.parseString(claims).getAsJsonObject();
    }

    private static String keyField(Path keyFile, String field) throws IOException {
        return JsonParser.parseString(Files.readString(keyFile)).getAsJsonObject().get(field).getAsString();
    }

    /** What must never show: the private key's body, the client secret, the refresh token. */
    private static List<String> secretsOf(Path keyFile) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(keyFile)).getAsJsonObject();
        List<String> secrets = new ArrayList<>();
        for (String field : List.of("private_key", "client_secret", "refresh_token")) {
            if (json.has(field)) {
                secrets.add(json.get(field).getAsString());
            }
        }
        return secrets;
    }

    private void assertNoKeyMaterialIn(Throwable failure, List<String> secrets) {
        List<String> forbidden = new ArrayList<>(google.issuedAccessTokens());
        for (String secret : secrets) {
            forbidden.add(secret);
            secret.lines().filter(line -> line.length() > 20 && !line.startsWith("-----")).forEach(forbidden::add);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            for (String secret : forbidden) {
                assertThat(message).as("message of %s", cause.getClass().getName()).doesNotContain(secret);
            }
        }
    }
}
