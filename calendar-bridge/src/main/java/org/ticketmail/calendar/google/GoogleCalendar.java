package org.ticketmail.calendar.google;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.CalendarPort;
import org.ticketmail.calendar.ChangePage;
import org.ticketmail.calendar.EventSpec;
import org.ticketmail.calendar.RemoteEvent;
import org.ticketmail.calendar.SyncTokenExpired;
import org.ticketmail.calendar.TimeSpan;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import com.google.api.services.calendar.model.Events;
import com.google.api.services.calendar.model.FreeBusyCalendar;
import com.google.api.services.calendar.model.FreeBusyRequest;
import com.google.api.services.calendar.model.FreeBusyRequestItem;
import com.google.api.services.calendar.model.FreeBusyResponse;
import com.google.api.services.calendar.model.TimePeriod;
import com.google.auth.Credentials;
import com.google.auth.Retryable;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The {@link CalendarPort} on Google Calendar (API v3), through Google's own client and auth library.
 *
 * <p>{@link #connect} reads and checks the key file and makes no call; the first call fetches a token from the
 * key's {@code token_uri}. Every call is one or two HTTP requests with the configured timeout, never retried
 * here: a failure is a {@link CalendarException} whose {@code retryable()} says whether calling again may help
 * (no answer, 408, 429, rate limits, 5xx) or someone must change something first (403, 404, a refused key), and
 * whose message names the calendar, the operation and the fix. Messages and logs never hold a token or key.
 *
 * <p>{@link #put}: insert first, so a new event costs one request; an insert answered 409 (the id exists: a
 * retried insert whose first answer was lost, a rescheduled ticket, an event deleted earlier) is followed by an
 * update of the whole event, which also revives a cancelled one.
 *
 * <p>{@link #changes}: incremental sync as Google documents it: {@code showDeleted=true} and
 * {@code maxResults=250} on the full sync and, with the sync token added, on every incremental one; no
 * {@code timeMin}, {@code timeMax}, {@code orderBy}, {@code q}, {@code updatedMin} or extended-property filters
 * (Google refuses them beside a sync token), and no {@code singleEvents}: ticketmail's events are single, and
 * expanding other people's open-ended series would flood the sync. A recurring series is listed once, with
 * the span of its first occurrence; {@link #busy} is what accounts for every occurrence.
 *
 * <p>With {@linkplain GoogleSettings#delegate() delegation}, each calendar whose id is a person's address is
 * reached as that person (one client per person, kept); other calendars, such as group calendars, as the
 * service account. Thread-safe.
 */
public final class GoogleCalendar implements CalendarPort {
    /** The private extended property naming the ticket an event belongs to. */
    public static final String TICKET_PROPERTY = "ticketmail-ticket";

    private static final Logger LOGGER = LoggerFactory.getLogger(GoogleCalendar.class);
    private static final int PAGE_SIZE = 250;
    private static final Pattern EVENT_ID = Pattern.compile("[a-v0-9]{5,1024}");
    private static final Set<String> RATE_LIMITS = Set.of("rateLimitExceeded", "userRateLimitExceeded",
            "quotaExceeded");

    private final GoogleSettings settings;
    private final KeyFile key;
    private final NetHttpTransport transport = new NetHttpTransport();
    private final Calendar client;
    private final ConcurrentHashMap<String, Calendar> delegatedClients = new ConcurrentHashMap<>();

    private GoogleCalendar(GoogleSettings settings, KeyFile key) {
        this.settings = settings;
        this.key = key;
        this.client = newClient(key.credentials());
    }

    /**
     * Reads and checks the key file of {@code settings}; makes no call to Google.
     *
     * @throws IllegalArgumentException when the key file is missing, readable by every user, not a Google key,
     *     or (with delegation) not a service account key; the message names the file and the fix
     */
    public static GoogleCalendar connect(GoogleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        KeyFile key = KeyFile.read(settings.keyFile(), settings.keyName());
        if (settings.delegate() && !key.isServiceAccount()) {
            throw new IllegalArgumentException(settings.keyName() + ": domain-wide delegation needs a service account "
                    + "key (type service_account), this one is an OAuth refresh token (authorized_user)");
        }
        return new GoogleCalendar(settings, key);
    }

    @Override
    public void put(String calendarId, String eventId, EventSpec spec) throws CalendarException {
        requireCalendarId(calendarId);
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException("event id '" + eventId + "' is not 5 to 1024 characters of "
                    + "base32hex (a-v, 0-9)");
        }
        Objects.requireNonNull(spec, "spec");
        String operation = "put event " + eventId + " on calendar " + calendarId;
        Calendar calendar = clientFor(calendarId);
        Event event = toEvent(eventId, spec);
        try {
            calendar.events().insert(calendarId, event).setSendUpdates(sendUpdates(spec)).execute();
            LOGGER.debug("calendar={} event={} ticket={} inserted", calendarId, eventId, spec.ticketNumber());
            return;
        } catch (HttpResponseException e) {
            if (e.getStatusCode() != 409) {
                throw failure(operation, calendarId, e);
            }
        } catch (IOException e) {
            throw failure(operation, calendarId, e);
        }
        try {
            calendar.events().update(calendarId, eventId, event).setSendUpdates(sendUpdates(spec)).execute();
            LOGGER.debug("calendar={} event={} ticket={} updated", calendarId, eventId, spec.ticketNumber());
        } catch (IOException e) {
            throw failure(operation, calendarId, e);
        }
    }

    /** Guests are mailed by Google about their event, as seed 000's guest technicians are; nobody else. */
    private static String sendUpdates(EventSpec spec) {
        return spec.guests().isEmpty() ? "none" : "all";
    }

    @Override
    public void remove(String calendarId, String eventId) throws CalendarException {
        requireCalendarId(calendarId);
        Objects.requireNonNull(eventId, "eventId");
        try {
            // Guests (guest-mode technicians) hear that it is cancelled; an event without guests notifies nobody.
            clientFor(calendarId).events().delete(calendarId, eventId).setSendUpdates("all").execute();
            LOGGER.debug("calendar={} event={} deleted", calendarId, eventId);
        } catch (HttpResponseException e) {
            if (e.getStatusCode() == 404 || e.getStatusCode() == 410) {
                LOGGER.debug("calendar={} event={} already gone (HTTP {})", calendarId, eventId, e.getStatusCode());
                return;
            }
            throw failure("remove event " + eventId + " from calendar " + calendarId, calendarId, e);
        } catch (IOException e) {
            throw failure("remove event " + eventId + " from calendar " + calendarId, calendarId, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A calendar Google reports an error for (such as {@code notFound}) fails the whole call, naming it.
     */
    @Override
    public Map<String, List<TimeSpan>> busy(List<String> calendarIds, TimeSpan window) throws CalendarException {
        Objects.requireNonNull(window, "window");
        Set<String> ids = new LinkedHashSet<>(Objects.requireNonNull(calendarIds, "calendarIds"));
        ids.forEach(GoogleCalendar::requireCalendarId);
        Map<Calendar, List<String>> byClient = new IdentityHashMap<>();
        for (String id : ids) {
            byClient.computeIfAbsent(clientFor(id), c -> new ArrayList<>()).add(id);
        }
        Map<String, List<TimeSpan>> busy = new LinkedHashMap<>();
        for (Map.Entry<Calendar, List<String>> group : byClient.entrySet()) {
            busy.putAll(freeBusy(group.getKey(), group.getValue(), window));
        }
        Map<String, List<TimeSpan>> inRequestOrder = new LinkedHashMap<>();
        ids.forEach(id -> inRequestOrder.put(id, busy.get(id)));
        return Collections.unmodifiableMap(inRequestOrder);
    }

    @Override
    public ChangePage changes(String calendarId, String syncToken) throws CalendarException {
        requireCalendarId(calendarId);
        String operation = (syncToken == null ? "full sync" : "incremental sync") + " of calendar " + calendarId;
        List<RemoteEvent> events = new ArrayList<>();
        Events page;
        try {
            Calendar.Events.List list = clientFor(calendarId).events().list(calendarId)
                    .setShowDeleted(true)
                    .setMaxResults(PAGE_SIZE)
                    .setSyncToken(syncToken);
            String pageToken = null;
            do {
                page = list.setPageToken(pageToken).execute();
                if (page.getItems() != null) {
                    page.getItems().forEach(item -> events.add(toRemoteEvent(calendarId, item)));
                }
                pageToken = page.getNextPageToken();
            } while (pageToken != null);
        } catch (HttpResponseException e) {
            if (e.getStatusCode() == 410) {
                throw new SyncTokenExpired(calendarId);
            }
            throw failure(operation, calendarId, e);
        } catch (IOException e) {
            throw failure(operation, calendarId, e);
        }
        if (page.getNextSyncToken() == null) {
            throw new CalendarException(operation + ": Google's last page carries no nextSyncToken", 0, true, null);
        }
        LOGGER.debug("calendar={} {} changed events", calendarId, events.size());
        return new ChangePage(events, page.getNextSyncToken());
    }

    private Map<String, List<TimeSpan>> freeBusy(Calendar calendar, List<String> ids, TimeSpan window)
            throws CalendarException {
        String operation = "free/busy of calendar" + (ids.size() == 1 ? " " : "s ") + String.join(", ", ids);
        FreeBusyRequest request = new FreeBusyRequest()
                .setTimeMin(dateTime(window.start()))
                .setTimeMax(dateTime(window.end()))
                .setItems(ids.stream().map(id -> new FreeBusyRequestItem().setId(id)).toList());
        FreeBusyResponse response;
        try {
            response = calendar.freebusy().query(request).execute();
        } catch (IOException e) {
            throw failure(operation, String.join(", ", ids), e);
        }
        Map<String, FreeBusyCalendar> answers = response.getCalendars() == null ? Map.of() : response.getCalendars();
        Map<String, List<TimeSpan>> busy = new LinkedHashMap<>();
        for (String id : ids) {
            FreeBusyCalendar answer = answers.get(id);
            if (answer == null) {
                throw new CalendarException(operation + ": Google's answer lacks calendar " + id, 0, true, null);
            }
            if (answer.getErrors() != null && !answer.getErrors().isEmpty()) {
                String reason = answer.getErrors().get(0).getReason();
                boolean notFound = "notFound".equals(reason);
                boolean passing = "internalError".equals(reason) || "backendError".equals(reason);
                String fix = notFound ? "; no calendar " + id + ", or it is not shared with " + key.identity()
                        + "; check calendar.id in conf/directory.yaml" : "";
                throw new CalendarException(operation + ": Google reports '" + reason + "' for calendar " + id + fix,
                        notFound ? 404 : 0, passing, null);
            }
            List<TimeSpan> spans = new ArrayList<>();
            for (TimePeriod period : answer.getBusy() == null ? List.<TimePeriod>of() : answer.getBusy()) {
                Instant start = instant(period.getStart());
                Instant end = instant(period.getEnd());
                if (start != null && end != null && end.isAfter(start)) {
                    spans.add(new TimeSpan(start, end));
                }
            }
            busy.put(id, List.copyOf(spans));
        }
        return busy;
    }

    private Calendar clientFor(String calendarId) {
        if (!settings.delegate() || !isPersonalCalendar(calendarId)) {
            return client;
        }
        return delegatedClients.computeIfAbsent(calendarId, subject -> newClient(key.impersonating(subject)));
    }

    /** A person's calendar, named by their address; not a group, resource or imported calendar of Google's. */
    private static boolean isPersonalCalendar(String calendarId) {
        int at = calendarId.lastIndexOf('@');
        return at > 0 && !calendarId.toLowerCase(Locale.ROOT).endsWith(".calendar.google.com");
    }

    private Calendar newClient(Credentials credentials) {
        HttpCredentialsAdapter authorization = new HttpCredentialsAdapter(credentials);
        int timeoutMillis = Math.toIntExact(settings.timeout().toMillis());
        HttpRequestInitializer initializer = request -> {
            authorization.initialize(request);
            request.setConnectTimeout(timeoutMillis);
            request.setReadTimeout(timeoutMillis);
        };
        return new Calendar.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(settings.rootUrl())
                .setApplicationName("ticketmail")
                .build();
    }

    /** The one place a failed request becomes a {@link CalendarException}. */
    private CalendarException failure(String operation, String calendarId, IOException e) {
        if (e instanceof HttpResponseException answer) {
            int status = answer.getStatusCode();
            String reason = reason(answer);
            if (RATE_LIMITS.contains(reason)) {
                return new CalendarException(operation + ": Google's rate limit (HTTP " + status + " " + reason
                        + "); call again later", status, true, e);
            }
            return new CalendarException(operation + ": Google answered HTTP " + status + " (" + said(answer) + ")"
                    + hint(status, calendarId), status, isPassing(status), e);
        }
        if (e instanceof Retryable && e.getCause() instanceof HttpResponseException refusal) {
            int status = refusal.getStatusCode();
            return new CalendarException(operation + ": the token endpoint " + key.tokenUri() + " answered HTTP "
                    + status + tokenError(refusal) + tokenHint(status), status, isPassing(status), e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = e instanceof Retryable ? "the token endpoint " + key.tokenUri() : settings.rootUrl();
        return new CalendarException(operation + ": no answer from " + where + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + "); call again later", 0, true, e);
    }

    private String hint(int status, String calendarId) {
        if (status == 401 || status == 403) {
            return "; share calendar " + calendarId + " with " + key.identity() + " with 'Make changes to events'"
                    + (key.isServiceAccount() ? ", or grant domain-wide delegation" : "");
        }
        if (status == 404) {
            return "; no calendar " + calendarId + "; check calendar.id in conf/directory.yaml";
        }
        return "";
    }

    private String tokenHint(int status) {
        if (isPassing(status)) {
            return "; call again later";
        }
        if (settings.delegate()) {
            return "; check that " + key.name() + " is a live key of " + key.identity() + " and that the Google "
                    + "Workspace admin granted its client id domain-wide delegation for " + KeyFile.CALENDAR_SCOPE;
        }
        return key.isServiceAccount()
                ? "; the key in " + key.name() + " was refused (deleted or disabled?); download a new JSON key of "
                        + key.identity()
                : "; the refresh token in " + key.name() + " was refused (revoked or expired?); authorise ticketmail "
                        + "again and save the new refresh token there";
    }

    private static boolean isPassing(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** Google's reason for an API error, e.g. notFound or rateLimitExceeded, or "" when it gave none. */
    private static String reason(HttpResponseException answer) {
        if (answer instanceof GoogleJsonResponseException json && json.getDetails() != null) {
            GoogleJsonError details = json.getDetails();
            if (details.getErrors() != null && !details.getErrors().isEmpty()
                    && details.getErrors().get(0).getReason() != null) {
                return details.getErrors().get(0).getReason();
            }
        }
        return "";
    }

    private static String said(HttpResponseException answer) {
        if (answer instanceof GoogleJsonResponseException json && json.getDetails() != null
                && json.getDetails().getMessage() != null) {
            return json.getDetails().getMessage();
        }
        return answer.getStatusMessage() == null ? "no message" : answer.getStatusMessage();
    }

    /** The OAuth error code of a token endpoint's refusal (RFC 6749 5.2), e.g. " invalid_grant"; never more. */
    private static String tokenError(HttpResponseException refusal) {
        try {
            JsonElement body = JsonParser.parseString(String.valueOf(refusal.getContent()));
            JsonElement error = body.isJsonObject() ? body.getAsJsonObject().get("error") : null;
            if (error != null && error.isJsonPrimitive() && error.getAsString().matches("[a-z_]{1,64}")) {
                return " " + error.getAsString();
            }
        } catch (JsonParseException | IllegalStateException e) {
            // not an OAuth error body: the status says enough
        }
        return "";
    }

    private static Event toEvent(String eventId, EventSpec spec) {
        List<EventAttendee> attendees = spec.guests().stream().map(guest -> new EventAttendee().setEmail(guest)).toList();
        return new Event()
                .setId(eventId)
                .setStatus("confirmed")
                .setSummary(spec.title())
                .setDescription(spec.description())
                .setStart(new EventDateTime().setDateTime(dateTime(spec.span().start())).setTimeZone(spec.timeZone()))
                .setEnd(new EventDateTime().setDateTime(dateTime(spec.span().end())).setTimeZone(spec.timeZone()))
                .setAttendees(attendees)
                .setExtendedProperties(new Event.ExtendedProperties()
                        .setPrivate(Map.of(TICKET_PROPERTY, spec.ticketNumber())));
    }

    private static RemoteEvent toRemoteEvent(String calendarId, Event event) {
        Instant start = event.getStart() == null ? null : instant(event.getStart().getDateTime());
        Instant end = event.getEnd() == null ? null : instant(event.getEnd().getDateTime());
        TimeSpan span = start != null && end != null && end.isAfter(start) ? new TimeSpan(start, end) : null;
        List<String> guests = event.getAttendees() == null ? List.of() : event.getAttendees().stream()
                .map(EventAttendee::getEmail)
                .filter(Objects::nonNull)
                .map(email -> email.toLowerCase(Locale.ROOT))
                .toList();
        String ticket = event.getExtendedProperties() == null || event.getExtendedProperties().getPrivate() == null
                ? null : event.getExtendedProperties().getPrivate().get(TICKET_PROPERTY);
        return new RemoteEvent(calendarId, event.getId(), "cancelled".equals(event.getStatus()), span, guests,
                instant(event.getUpdated()), ticket);
    }

    /** In UTC: Google shows it in the event's own time zone. */
    private static DateTime dateTime(Instant instant) {
        return new DateTime(instant.toEpochMilli(), 0);
    }

    private static Instant instant(DateTime dateTime) {
        return dateTime == null || dateTime.isDateOnly() ? null : Instant.ofEpochMilli(dateTime.getValue());
    }

    private static void requireCalendarId(String calendarId) {
        if (calendarId == null || calendarId.isBlank()) {
            throw new IllegalArgumentException("a calendar id is needed, e.g. alice@helpdesk.test; got '"
                    + calendarId + "'");
        }
    }
}
