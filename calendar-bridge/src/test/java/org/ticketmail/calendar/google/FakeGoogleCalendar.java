package org.ticketmail.calendar.google;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Google Calendar v3 server for tests, after OkHttp's MockWebServer: a real HTTP server on 127.0.0.1 (a free
 * port) that speaks the wire format Google's Java client sends and expects, so the code under test runs
 * unchanged with only its root URL and key file pointed here.
 *
 * <p>What it serves, under {@link #rootUrl()}:
 * <ul>
 *   <li>{@code POST token}: the OAuth token endpoint, for the JWT-bearer grant of the service account keys it
 *       wrote (signature, scope and audience checked; Google's library always names
 *       {@code https://oauth2.googleapis.com/token} as audience) and the refresh-token grant of the refresh tokens it
 *       wrote; it answers {@code {"access_token", "token_type": "Bearer", "expires_in": 3600}}.</li>
 *   <li>{@code calendar/v3/calendars/{calendarId}/events}: {@code POST} inserts (409 when the id exists, even
 *       cancelled), {@code GET} lists with {@code syncToken}, {@code pageToken}, {@code maxResults},
 *       {@code showDeleted}, {@code timeMin}/{@code timeMax}; an unknown or expired sync token gets 410, a sync
 *       token beside a filter Google refuses with it gets 400.</li>
 *   <li>{@code calendar/v3/calendars/{calendarId}/events/{eventId}}: {@code GET}, {@code PUT} (replaces the event
 *       and may revive a cancelled one), {@code PATCH}, {@code DELETE} (marks it cancelled; 410 when it already
 *       is, 404 when unknown). {@code X-HTTP-Method-Override} and gzip request bodies are understood.</li>
 *   <li>{@code calendar/v3/freeBusy}: the busy periods of each calendar from its confirmed, opaque, timed events
 *       inside the window; an unknown calendar gets an {@code errors: [{reason: notFound}]} entry.</li>
 * </ul>
 * API requests need {@code Authorization: Bearer} with a token it issued (else 401); calendars must be
 * {@linkplain #addCalendar added} (else 404). Errors carry Google's JSON error body. Every event keeps an
 * {@code updated} time and a change number from one counter, so an incremental sync lists exactly the events
 * changed since its token, cancelled ones included. All-day events and recurrence are not modelled.
 *
 * <p>Tests also act as the people on the calendar side ({@link #moveEvent}, {@link #moveToCalendar},
 * {@link #deleteEvent}, {@link #setGuests}, {@link #addExternalEvent}), script failures ({@link #failNext},
 * {@link #failNextAfterApplying}) and read what arrived ({@link #requests()}, {@link #events}).
 *
 * <p>Thread-safe: requests and test calls take turns on one lock. Use with try-with-resources or close it.
 */
public final class FakeGoogleCalendar implements AutoCloseable {
    /** The address of the service account in the keys {@link #writeServiceAccountKey} writes. */
    public static final String SERVICE_ACCOUNT_EMAIL = "ticketmail@test-project.iam.gserviceaccount.com";
    /** Google's default and largest page of {@code events.list}. */
    public static final int DEFAULT_PAGE_SIZE = 250;

    /** The audience Google's auth library writes into every assertion, wherever its token_uri points. */
    private static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Pattern EVENT_ID = Pattern.compile("[a-v0-9]{5,1024}");
    private static final Set<String> NOT_WITH_SYNC_TOKEN = Set.of("iCalUID", "orderBy", "privateExtendedProperty",
            "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin");
    private static final Gson GSON = new Gson();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();

    // All below guarded by lock.
    private final Map<String, Map<String, Stored>> calendars = new LinkedHashMap<>();
    private final Map<String, SyncPoint> syncTokens = new HashMap<>();
    private final Map<String, Pages> pageTokens = new HashMap<>();
    private final Set<String> accessTokens = new LinkedHashSet<>();
    private final Map<String, PublicKey> serviceAccountKeys = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private long changes;
    private long serial;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int failuresLeft;
    private int failureStatus;
    private boolean failAfterApplying;
    private java.util.function.Predicate<Request> failing = request -> true;

    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    /** A fake whose {@code updated} times come from the system clock. */
    public FakeGoogleCalendar() {
        this(Clock.systemUTC());
    }

    /** A fake whose {@code updated} times come from {@code clock}. */
    public FakeGoogleCalendar(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request as it arrived; {@code path} and {@code query} are raw (still URL-encoded). */
    public record Request(String method, String path, String query, String body, String authorization) {
        public boolean isTokenRequest() {
            return path.equals("/token");
        }

        /** The first value of a query parameter, decoded, or null. */
        public String queryParameter(String name) {
            return formValues(query).getOrDefault(name, List.of()).stream().findFirst().orElse(null);
        }

        /** The first value of a form field of the body ({@code application/x-www-form-urlencoded}), or null. */
        public String formParameter(String name) {
            return formValues(body).getOrDefault(name, List.of()).stream().findFirst().orElse(null);
        }

        /** The body as a JSON tree, or null when it is empty or not JSON. */
        public JsonElement json() {
            try {
                JsonElement tree = JsonParser.parseString(body);
                return tree.isJsonNull() ? null : tree;
            } catch (JsonParseException e) {
                return null;
            }
        }

        /** The text at a path of fields in the JSON body, e.g. {@code jsonText("start", "dateTime")}, or null. */
        public String jsonText(String... fields) {
            return text(json(), fields);
        }
    }

    /** An event as the fake holds it; {@code json} is Google's resource (a copy). */
    public record Event(String calendarId, String id, String status, String summary, Instant start, Instant end,
                        List<String> guests, String ticketNumber, Instant updated, JsonObject json) {
        public boolean cancelled() {
            return "cancelled".equals(status);
        }

        @Override
        public JsonObject json() {
            return json.deepCopy();
        }
    }

    /** Starts serving on a free port of 127.0.0.1. */
    public FakeGoogleCalendar start() {
        synchronized (lock) {
            if (server != null) {
                throw new IllegalStateException("the fake Google Calendar is already started at " + rootUrl());
            }
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a port on 127.0.0.1 for the fake Google Calendar", e);
            }
            executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "fake-google-calendar");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/", this::serve);
            server.start();
            return this;
        }
    }

    /** Stops serving; later requests find no one listening. Closing twice is harmless. */
    @Override
    public void close() {
        synchronized (lock) {
            if (server != null && !closed) {
                closed = true;
                server.stop(0);
                executor.shutdownNow();
            }
        }
    }

    /** Where Calendar v3 lives, {@code http://127.0.0.1:PORT/}: the client's root URL (still known once closed). */
    public String rootUrl() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("start() the fake Google Calendar first");
            }
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }
    }

    /** The token endpoint, {@code http://127.0.0.1:PORT/token}, as the key files name it. */
    public String tokenUri() {
        return rootUrl() + "token";
    }

    /**
     * Writes a service account key ({@code type: service_account}, a new RSA key, {@link #SERVICE_ACCOUNT_EMAIL},
     * {@code token_uri} here) with permissions 600, and accepts JWTs signed with it.
     *
     * @return {@code file}
     */
    public Path writeServiceAccountKey(Path file) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make RSA keys", e);
        }
        String keyId = randomHex(20);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        JsonObject key = new JsonObject();
        key.addProperty("type", "service_account");
        key.addProperty("project_id", "test-project");
        key.addProperty("private_key_id", keyId);
        key.addProperty("private_key", pem);
        key.addProperty("client_email", SERVICE_ACCOUNT_EMAIL);
        key.addProperty("client_id", "100000000000000000001");
        key.addProperty("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.addProperty("token_uri", tokenUri());
        key.addProperty("universe_domain", "googleapis.com");
        synchronized (lock) {
            serviceAccountKeys.put(keyId, pair.getPublic());
        }
        return writeKey(file, key);
    }

    /**
     * Writes an OAuth refresh token ({@code type: authorized_user}, {@code token_uri} here) with permissions 600,
     * and accepts it at the token endpoint.
     *
     * @return {@code file}
     */
    public Path writeRefreshTokenKey(Path file) {
        RefreshToken token = new RefreshToken("fake-" + randomHex(6) + ".apps.googleusercontent.com",
                "fake-secret-" + randomHex(12), "1//fake-refresh-" + randomHex(24));
        JsonObject key = new JsonObject();
        key.addProperty("type", "authorized_user");
        key.addProperty("client_id", token.clientId());
        key.addProperty("client_secret", token.clientSecret());
        key.addProperty("refresh_token", token.value());
        key.addProperty("token_uri", tokenUri());
        synchronized (lock) {
            refreshTokens.put(token.value(), token);
        }
        return writeKey(file, key);
    }

    /** Makes a calendar known; calls on unknown calendars get 404. */
    public FakeGoogleCalendar addCalendar(String calendarId) {
        synchronized (lock) {
            calendars.putIfAbsent(Objects.requireNonNull(calendarId, "calendarId"), new LinkedHashMap<>());
            return this;
        }
    }

    /** The largest page {@code events.list} sends, whatever {@code maxResults} asks; small values exercise paging. */
    public FakeGoogleCalendar limitPageSize(int maxEventsPerPage) {
        if (maxEventsPerPage < 1) {
            throw new IllegalArgumentException("a page holds at least one event: " + maxEventsPerPage);
        }
        synchronized (lock) {
            pageSize = maxEventsPerPage;
            return this;
        }
    }

    /**
     * The next {@code count} API requests (not token requests) are answered {@code status} with Google's error
     * body, and change nothing.
     */
    public void failNext(int count, int status) {
        scriptFailures(count, status, false);
    }

    /**
     * The next {@code count} API requests (not token requests) take effect, then are answered {@code status}: an
     * answer lost on the way back, so the client's retry finds its own work done.
     */
    public void failNextAfterApplying(int count, int status) {
        scriptFailures(count, status, true);
    }

    /**
     * As {@link #failNext}, counting only event writes (insert, update, patch, delete): syncs and free/busy
     * queries running meanwhile are answered normally.
     */
    public void failNextEventWrites(int count, int status) {
        scriptFailures(count, status, false, FakeGoogleCalendar::isEventWrite);
    }

    /** As {@link #failNext}, counting only the listings (syncs) of one calendar's events. */
    public void failNextListingsOf(String calendarId, int count, int status) {
        String raw = "/calendars/" + calendarId + "/events";
        String encoded = "/calendars/" + java.net.URLEncoder.encode(calendarId, StandardCharsets.UTF_8) + "/events";
        scriptFailures(count, status, false, request -> request.method().equals("GET")
                && (request.path().endsWith(raw) || request.path().endsWith(encoded)));
    }

    /** As {@link #failNextAfterApplying}, counting only event writes. */
    public void failNextEventWritesAfterApplying(int count, int status) {
        scriptFailures(count, status, true, FakeGoogleCalendar::isEventWrite);
    }

    /** Every request so far, token requests included, in arrival order. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The API requests so far (token requests left out), in arrival order. */
    public List<Request> apiRequests() {
        return requests().stream().filter(request -> !request.isTokenRequest()).toList();
    }

    /** The access tokens the token endpoint issued, in order. */
    public List<String> issuedAccessTokens() {
        synchronized (lock) {
            return List.copyOf(accessTokens);
        }
    }

    /** The events of a calendar, cancelled ones included, in the order they last changed. */
    public List<Event> events(String calendarId) {
        synchronized (lock) {
            return calendar(calendarId).values().stream()
                    .sorted(Comparator.comparingLong(stored -> stored.change))
                    .map(stored -> view(calendarId, stored.json))
                    .toList();
        }
    }

    /** One event, or empty when the calendar never had it. */
    public Optional<Event> event(String calendarId, String eventId) {
        synchronized (lock) {
            Stored stored = calendar(calendarId).get(eventId);
            return stored == null ? Optional.empty() : Optional.of(view(calendarId, stored.json));
        }
    }

    /** Someone drags the event to a new time on the calendar. */
    public void moveEvent(String calendarId, String eventId, Instant start, Instant end) {
        synchronized (lock) {
            Stored stored = liveEvent(calendarId, eventId);
            stored.json.getAsJsonObject("start").addProperty("dateTime", rfc3339(start));
            stored.json.getAsJsonObject("end").addProperty("dateTime", rfc3339(end));
            stored.json.getAsJsonObject("start").remove("date");
            stored.json.getAsJsonObject("end").remove("date");
            edit(stored);
        }
    }

    /**
     * Someone moves the event to another calendar, as Google does it: the id stays; the source calendar lists
     * it as cancelled in its next incremental sync, the destination as new.
     */
    public void moveToCalendar(String fromCalendarId, String eventId, String toCalendarId) {
        synchronized (lock) {
            Stored stored = liveEvent(fromCalendarId, eventId);
            Map<String, Stored> destination = calendar(toCalendarId);
            Stored there = destination.get(eventId);
            if (there != null && !"cancelled".equals(text(there.json, "status"))) {
                throw new IllegalStateException("calendar " + toCalendarId + " already holds event " + eventId);
            }
            Stored moved = new Stored(stored.json.deepCopy());
            destination.put(eventId, moved);
            edit(moved);
            JsonObject remnant = new JsonObject();
            remnant.addProperty("kind", "calendar#event");
            remnant.addProperty("id", eventId);
            remnant.addProperty("status", "cancelled");
            stored.json = remnant;
            edit(stored);
        }
    }

    /** Someone deletes the event on the calendar. */
    public void deleteEvent(String calendarId, String eventId) {
        synchronized (lock) {
            Stored stored = liveEvent(calendarId, eventId);
            stored.json.addProperty("status", "cancelled");
            edit(stored);
        }
    }

    /** Someone sets the guest list of the event. */
    public void setGuests(String calendarId, String eventId, List<String> guests) {
        synchronized (lock) {
            Stored stored = liveEvent(calendarId, eventId);
            stored.json.add("attendees", attendees(guests));
            edit(stored);
        }
    }

    /**
     * Someone adds an appointment of their own (busy time, no ticket) to the calendar.
     *
     * @return its id
     */
    public String addExternalEvent(String calendarId, String title, Instant start, Instant end) {
        synchronized (lock) {
            Map<String, Stored> events = calendar(calendarId);
            String id = newEventId();
            JsonObject json = new JsonObject();
            json.addProperty("summary", title);
            json.add("start", timed(start));
            json.add("end", timed(end));
            Stored stored = new Stored(resource(json, id, "confirmed", null));
            events.put(id, stored);
            edit(stored);
            return id;
        }
    }

    /** Forgets every sync token and page token issued: the next incremental sync gets 410 and starts over. */
    public void expireSyncTokens() {
        synchronized (lock) {
            syncTokens.clear();
            pageTokens.clear();
        }
    }

    // ---- HTTP ----

    private record Response(int status, String body, Map<String, String> headers) {
        static Response json(int status, JsonElement body) {
            return new Response(status, GSON.toJson(body), Map.of());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        Response response;
        try {
            String method = exchange.getRequestMethod();
            String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            if ("POST".equals(method) && override != null) {
                method = override.toUpperCase(Locale.ROOT);
            }
            Request request = new Request(method, exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), readBody(exchange),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            synchronized (lock) {
                requests.add(request);
                response = request.isTokenRequest() ? token(request) : api(request);
            }
        } catch (RuntimeException | IOException e) {
            response = error(500, "backendError", "The fake failed: " + e);
        }
        byte[] body = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (body.length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        }
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Response api(Request request) {
        boolean failable = failing.test(request);
        if (failable && failuresLeft > 0 && !failAfterApplying) {
            failuresLeft--;
            return error(failureStatus);
        }
        Response response = authorized(request) ? route(request) : unauthorized();
        if (failable && failuresLeft > 0 && failAfterApplying) {
            failuresLeft--;
            return error(failureStatus);
        }
        return response;
    }

    private boolean authorized(Request request) {
        String authorization = request.authorization();
        return authorization != null && authorization.startsWith("Bearer ")
                && accessTokens.contains(authorization.substring("Bearer ".length()));
    }

    private Response route(Request request) {
        String prefix = "/calendar/v3/";
        if (!request.path().startsWith(prefix)) {
            return error(404, "notFound", "Not Found");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : request.path().substring(prefix.length()).split("/", -1)) {
            segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        String method = request.method();
        if (segments.equals(List.of("freeBusy")) && method.equals("POST")) {
            return freeBusy(request);
        }
        if (segments.size() < 3 || !segments.get(0).equals("calendars") || !segments.get(2).equals("events")) {
            return error(404, "notFound", "Not Found");
        }
        String calendarId = segments.get(1);
        Map<String, Stored> events = calendars.get(calendarId);
        if (events == null) {
            return error(404, "notFound", "Not Found");
        }
        if (segments.size() == 3) {
            return switch (method) {
                case "GET" -> list(calendarId, events, request);
                case "POST" -> insert(events, request);
                default -> error(405, "methodNotAllowed", "Method " + method + " not allowed");
            };
        }
        if (segments.size() != 4) {
            return error(404, "notFound", "Not Found");
        }
        String eventId = segments.get(3);
        Stored stored = events.get(eventId);
        if (stored == null) {
            return error(404, "notFound", "Not Found");
        }
        return switch (method) {
            case "GET" -> Response.json(200, stored.json);
            case "PUT" -> update(stored, request, false);
            case "PATCH" -> update(stored, request, true);
            case "DELETE" -> delete(stored);
            default -> error(405, "methodNotAllowed", "Method " + method + " not allowed");
        };
    }

    private Response insert(Map<String, Stored> events, Request request) {
        JsonObject body = jsonObject(request);
        if (body == null) {
            return error(400, "parseError", "Parse Error");
        }
        String id = text(body, "id");
        if (id == null) {
            id = newEventId();
        } else if (!EVENT_ID.matcher(id).matches()) {
            return error(400, "invalid", "Invalid resource id value.");
        }
        if (events.containsKey(id)) {
            return error(409, "duplicate", "The requested identifier already exists.");
        }
        Response refusal = refuseTimes(body);
        if (refusal != null) {
            return refusal;
        }
        Stored stored = new Stored(resource(body, id, text(body, "status"), null));
        events.put(id, stored);
        edit(stored);
        return Response.json(200, stored.json);
    }

    private Response update(Stored stored, Request request, boolean patch) {
        JsonObject body = jsonObject(request);
        if (body == null) {
            return error(400, "parseError", "Parse Error");
        }
        JsonObject merged = patch ? stored.json.deepCopy() : new JsonObject();
        body.entrySet().forEach(field -> merged.add(field.getKey(), field.getValue()));
        Response refusal = refuseTimes(merged);
        if (refusal != null) {
            return refusal;
        }
        String status = text(body, "status") != null ? text(body, "status")
                : patch ? text(stored.json, "status") : "confirmed";
        stored.json = resource(merged, text(stored.json, "id"), status, stored.json);
        edit(stored);
        return Response.json(200, stored.json);
    }

    private Response delete(Stored stored) {
        if ("cancelled".equals(text(stored.json, "status"))) {
            return error(410, "deleted", "Resource has been deleted");
        }
        stored.json.addProperty("status", "cancelled");
        edit(stored);
        return new Response(204, null, Map.of());
    }

    private Response list(String calendarId, Map<String, Stored> events, Request request) {
        Pages pages;
        String pageToken = request.queryParameter("pageToken");
        if (pageToken != null) {
            pages = pageTokens.remove(pageToken);
            if (pages == null || !pages.calendarId().equals(calendarId)) {
                return error(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
            }
        } else {
            String syncToken = request.queryParameter("syncToken");
            List<Stored> changed;
            if (syncToken != null) {
                for (String restricted : NOT_WITH_SYNC_TOKEN) {
                    if (request.queryParameter(restricted) != null) {
                        return error(400, "invalid", "Sync token cannot be used with other request restrictions.");
                    }
                }
                if ("false".equals(request.queryParameter("showDeleted"))) {
                    return error(400, "invalid", "Sync token cannot be used with other request restrictions.");
                }
                SyncPoint since = syncTokens.get(syncToken);
                if (since == null || !since.calendarId().equals(calendarId)) {
                    return error(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
                }
                changed = events.values().stream().filter(stored -> stored.change > since.change()).toList();
            } else {
                boolean showDeleted = "true".equals(request.queryParameter("showDeleted"));
                Instant timeMin = parseInstant(request.queryParameter("timeMin"));
                Instant timeMax = parseInstant(request.queryParameter("timeMax"));
                changed = events.values().stream()
                        .filter(stored -> showDeleted || !"cancelled".equals(text(stored.json, "status")))
                        .filter(stored -> timeMin == null || endOf(stored.json) == null
                                || endOf(stored.json).isAfter(timeMin))
                        .filter(stored -> timeMax == null || startOf(stored.json) == null
                                || startOf(stored.json).isBefore(timeMax))
                        .toList();
            }
            List<JsonObject> items = changed.stream()
                    .sorted(Comparator.comparingLong(stored -> stored.change))
                    .map(stored -> stored.json.deepCopy())
                    .toList();
            pages = new Pages(calendarId, items, changes);
        }
        int limit = pageSize;
        String maxResults = request.queryParameter("maxResults");
        if (maxResults != null) {
            try {
                limit = Math.min(limit, Math.min(2500, Integer.parseInt(maxResults)));
            } catch (NumberFormatException e) {
                return error(400, "invalid", "Invalid value for: maxResults");
            }
            if (limit < 1) {
                return error(400, "invalid", "Invalid value for: maxResults");
            }
        }
        List<JsonObject> page = pages.items().subList(0, Math.min(limit, pages.items().size()));
        List<JsonObject> rest = pages.items().subList(page.size(), pages.items().size());
        JsonObject answer = new JsonObject();
        answer.addProperty("kind", "calendar#events");
        answer.addProperty("etag", "\"" + changes + "\"");
        answer.addProperty("summary", calendarId);
        answer.addProperty("updated", rfc3339(now()));
        answer.addProperty("timeZone", "UTC");
        answer.addProperty("accessRole", "owner");
        JsonArray items = new JsonArray();
        page.forEach(items::add);
        answer.add("items", items);
        if (rest.isEmpty()) {
            String token = "sync-" + (++serial) + "-" + randomHex(4);
            syncTokens.put(token, new SyncPoint(calendarId, pages.syncChange()));
            answer.addProperty("nextSyncToken", token);
        } else {
            String token = "page-" + (++serial) + "-" + randomHex(4);
            pageTokens.put(token, new Pages(calendarId, List.copyOf(rest), pages.syncChange()));
            answer.addProperty("nextPageToken", token);
        }
        return Response.json(200, answer);
    }

    private Response freeBusy(Request request) {
        JsonObject body = jsonObject(request);
        Instant timeMin = body == null ? null : parseInstant(text(body, "timeMin"));
        Instant timeMax = body == null ? null : parseInstant(text(body, "timeMax"));
        if (timeMin == null || timeMax == null || !timeMax.isAfter(timeMin)) {
            return error(400, "timeRangeEmpty", "The specified time range is empty.");
        }
        JsonObject answers = new JsonObject();
        JsonArray items = body.has("items") && body.get("items").isJsonArray() ? body.getAsJsonArray("items")
                : new JsonArray();
        for (JsonElement item : items) {
            String calendarId = text(item, "id");
            JsonObject answer = new JsonObject();
            Map<String, Stored> events = calendars.get(calendarId);
            if (events == null) {
                JsonObject notFound = new JsonObject();
                notFound.addProperty("domain", "global");
                notFound.addProperty("reason", "notFound");
                JsonArray errors = new JsonArray();
                errors.add(notFound);
                answer.add("errors", errors);
                answer.add("busy", new JsonArray());
            } else {
                answer.add("busy", busyPeriods(events.values(), timeMin, timeMax));
            }
            answers.add(calendarId, answer);
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("kind", "calendar#freeBusy");
        answer.addProperty("timeMin", rfc3339(timeMin));
        answer.addProperty("timeMax", rfc3339(timeMax));
        answer.add("calendars", answers);
        return Response.json(200, answer);
    }

    private static JsonArray busyPeriods(Iterable<Stored> events, Instant timeMin, Instant timeMax) {
        List<Instant[]> periods = new ArrayList<>();
        for (Stored stored : events) {
            Instant start = startOf(stored.json);
            Instant end = endOf(stored.json);
            if ("cancelled".equals(text(stored.json, "status")) || "transparent".equals(text(stored.json, "transparency"))
                    || start == null || end == null || !end.isAfter(timeMin) || !start.isBefore(timeMax)) {
                continue;
            }
            periods.add(new Instant[] {start.isBefore(timeMin) ? timeMin : start, end.isAfter(timeMax) ? timeMax : end});
        }
        periods.sort(Comparator.comparing(period -> period[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] period : periods) {
            Instant[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !period[0].isAfter(last[1])) {
                last[1] = period[1].isAfter(last[1]) ? period[1] : last[1];
            } else {
                merged.add(period.clone());
            }
        }
        JsonArray busy = new JsonArray();
        for (Instant[] period : merged) {
            JsonObject json = new JsonObject();
            json.addProperty("start", rfc3339(period[0]));
            json.addProperty("end", rfc3339(period[1]));
            busy.add(json);
        }
        return busy;
    }

    private Response token(Request request) {
        if (!request.method().equals("POST")) {
            return oauthError(405, "invalid_request", "POST the token request");
        }
        String grant = request.formParameter("grant_type");
        if (JWT_BEARER.equals(grant)) {
            String refusal = refuseAssertion(request.formParameter("assertion"));
            if (refusal != null) {
                return oauthError(400, "invalid_grant", refusal);
            }
        } else if ("refresh_token".equals(grant)) {
            RefreshToken known = refreshTokens.get(request.formParameter("refresh_token"));
            if (known == null) {
                return oauthError(400, "invalid_grant", "Bad Request");
            }
            if (!known.clientId().equals(request.formParameter("client_id"))
                    || !known.clientSecret().equals(request.formParameter("client_secret"))) {
                return oauthError(401, "invalid_client", "Unauthorized");
            }
        } else {
            return oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + grant);
        }
        String token = "ya29.fake-" + (++serial) + "-" + randomHex(16);
        accessTokens.add(token);
        JsonObject answer = new JsonObject();
        answer.addProperty("access_token", token);
        answer.addProperty("token_type", "Bearer");
        answer.addProperty("expires_in", 3600);
        return Response.json(200, answer);
    }

    /** Why a JWT-bearer assertion is refused, or null when it is signed by a key written here for this audience. */
    private String refuseAssertion(String assertion) {
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.", -1);
        if (parts.length != 3) {
            return "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe";
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            JsonElement header = JsonParser.parseString(new String(base64.decode(parts[0]), StandardCharsets.UTF_8));
            JsonElement claims = JsonParser.parseString(new String(base64.decode(parts[1]), StandardCharsets.UTF_8));
            PublicKey key = serviceAccountKeys.get(text(header, "kid"));
            if (key == null) {
                return "Invalid JWT Signature.";
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(base64.decode(parts[2]))) {
                return "Invalid JWT Signature.";
            }
            String audience = text(claims, "aud");
            if (!GOOGLE_TOKEN_URI.equals(audience) && !tokenUri().equals(audience)) {
                return "Invalid JWT: Failed audience check.";
            }
            String scope = text(claims, "scope");
            if (scope == null || scope.isBlank()) {
                return "Invalid JWT: no scope";
            }
            return null;
        } catch (IllegalArgumentException | JsonParseException | GeneralSecurityException e) {
            return "Invalid JWT: " + e.getClass().getSimpleName();
        }
    }

    private static Response unauthorized() {
        Response response = error(401, "authError", "Invalid Credentials");
        return new Response(401, response.body(),
                Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""));
    }

    private static Response error(int status) {
        String reason = switch (status) {
            case 400 -> "badRequest";
            case 401 -> "authError";
            case 403 -> "requiredAccessLevel";
            case 404 -> "notFound";
            case 409 -> "duplicate";
            case 410 -> "deleted";
            case 429 -> "rateLimitExceeded";
            default -> status >= 500 ? "backendError" : "failed";
        };
        String message = switch (status) {
            case 403 -> "You need to have writer access to this calendar.";
            case 429 -> "Rate Limit Exceeded";
            case 503 -> "Backend Error";
            default -> "HTTP " + status;
        };
        return error(status, reason, message);
    }

    /** Google's error body: {@code {"error": {"errors": [{domain, reason, message}], "code", "message"}}}. */
    private static Response error(int status, String reason, String message) {
        JsonObject detail = new JsonObject();
        detail.addProperty("domain", "global");
        detail.addProperty("reason", reason);
        detail.addProperty("message", message);
        JsonArray errors = new JsonArray();
        errors.add(detail);
        JsonObject error = new JsonObject();
        error.add("errors", errors);
        error.addProperty("code", status);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return Response.json(status, body);
    }

    private static Response oauthError(int status, String error, String description) {
        JsonObject body = new JsonObject();
        body.addProperty("error", error);
        body.addProperty("error_description", description);
        return Response.json(status, body);
    }

    // ---- events ----

    /** An event as stored, and the change that last touched it. */
    private static final class Stored {
        JsonObject json;
        long change;

        Stored(JsonObject json) {
            this.json = json;
        }
    }

    private record SyncPoint(String calendarId, long change) {
    }

    private record Pages(String calendarId, List<JsonObject> items, long syncChange) {
    }

    private record RefreshToken(String clientId, String clientSecret, String value) {
    }

    /** The event as Google keeps it: the client's fields plus Google's own. */
    private JsonObject resource(JsonObject fields, String id, String status, JsonObject before) {
        JsonObject json = fields.deepCopy();
        String created = before == null ? null : text(before, "created");
        String sequence = before == null ? null : text(before, "sequence");
        json.addProperty("kind", "calendar#event");
        json.addProperty("id", id);
        json.addProperty("status", status == null ? "confirmed" : status);
        json.addProperty("created", created == null ? rfc3339(now()) : created);
        json.addProperty("iCalUID", id + "@google.com");
        json.addProperty("sequence", sequence == null ? 0 : Integer.parseInt(sequence) + 1);
        if (json.has("attendees") && json.get("attendees").isJsonArray()) {
            for (JsonElement attendee : json.getAsJsonArray("attendees")) {
                if (attendee.isJsonObject() && !attendee.getAsJsonObject().has("responseStatus")) {
                    attendee.getAsJsonObject().addProperty("responseStatus", "needsAction");
                }
            }
        }
        return json;
    }

    /** Records a change to the event: the next change number, {@code updated} and {@code etag}. */
    private void edit(Stored stored) {
        stored.change = ++changes;
        stored.json.addProperty("updated", rfc3339(now()));
        stored.json.addProperty("etag", "\"" + stored.change + "\"");
    }

    private static Response refuseTimes(JsonObject event) {
        if (!event.has("start") || !event.get("start").isJsonObject()) {
            return error(400, "required", "Missing start time.");
        }
        if (!event.has("end") || !event.get("end").isJsonObject()) {
            return error(400, "required", "Missing end time.");
        }
        Instant start = startOf(event);
        Instant end = endOf(event);
        if (start != null && end != null && end.isBefore(start)) {
            return error(400, "timeRangeEmpty", "The specified time range is empty.");
        }
        return null;
    }

    private Event view(String calendarId, JsonObject json) {
        List<String> guests = new ArrayList<>();
        if (json.has("attendees") && json.get("attendees").isJsonArray()) {
            json.getAsJsonArray("attendees").forEach(attendee -> guests.add(text(attendee, "email")));
        }
        return new Event(calendarId, text(json, "id"), text(json, "status"), text(json, "summary"), startOf(json),
                endOf(json), List.copyOf(guests), text(json, "extendedProperties", "private", "ticketmail-ticket"),
                parseInstant(text(json, "updated")), json.deepCopy());
    }

    private Map<String, Stored> calendar(String calendarId) {
        Map<String, Stored> events = calendars.get(calendarId);
        if (events == null) {
            throw new IllegalArgumentException("no calendar " + calendarId + " on the fake; addCalendar(\""
                    + calendarId + "\") first");
        }
        return events;
    }

    private Stored liveEvent(String calendarId, String eventId) {
        Stored stored = calendar(calendarId).get(eventId);
        if (stored == null || "cancelled".equals(text(stored.json, "status"))) {
            throw new IllegalArgumentException("no event " + eventId + " on calendar " + calendarId
                    + (stored == null ? "" : " (it is cancelled)"));
        }
        return stored;
    }

    private String newEventId() {
        StringBuilder id = new StringBuilder();
        String alphabet = "0123456789abcdefghijklmnopqrstuv";
        for (int i = 0; i < 26; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static JsonArray attendees(List<String> guests) {
        JsonArray attendees = new JsonArray();
        for (String guest : guests) {
            JsonObject attendee = new JsonObject();
            attendee.addProperty("email", guest);
            attendee.addProperty("responseStatus", "needsAction");
            attendees.add(attendee);
        }
        return attendees;
    }

    private static JsonObject timed(Instant instant) {
        JsonObject time = new JsonObject();
        time.addProperty("dateTime", rfc3339(instant));
        time.addProperty("timeZone", "UTC");
        return time;
    }

    private static Instant startOf(JsonObject event) {
        return parseInstant(text(event, "start", "dateTime"));
    }

    private static Instant endOf(JsonObject event) {
        return parseInstant(text(event, "end", "dateTime"));
    }

    // ---- small helpers ----

    /** An insert, update, patch or delete of an event: what a calendar worker does, not a sync or free/busy read. */
    private static boolean isEventWrite(Request request) {
        return request.path().contains("/events") && !request.method().equals("GET");
    }

    private void scriptFailures(int count, int status, boolean afterApplying) {
        scriptFailures(count, status, afterApplying, request -> true);
    }

    private void scriptFailures(int count, int status, boolean afterApplying, java.util.function.Predicate<Request> which) {
        if (count < 0 || status < 400 || status > 599) {
            throw new IllegalArgumentException("fail a count >= 0 of requests with a 4xx or 5xx status: " + count
                    + " x " + status);
        }
        synchronized (lock) {
            failuresLeft = count;
            failureStatus = status;
            failAfterApplying = afterApplying;
            failing = which;
        }
    }

    private Path writeKey(Path file, JsonObject key) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, GSON.toJson(key));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + file, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static JsonObject jsonObject(Request request) {
        JsonElement json = request.json();
        return json != null && json.isJsonObject() ? json.getAsJsonObject() : null;
    }

    /** The string at a path of fields, or null when any step is missing or not an object. */
    private static String text(JsonElement json, String... fields) {
        JsonElement at = json;
        for (String field : fields) {
            if (at == null || !at.isJsonObject()) {
                return null;
            }
            at = at.getAsJsonObject().get(field);
        }
        return at != null && at.isJsonPrimitive() ? at.getAsString() : null;
    }

    private static Map<String, List<String>> formValues(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static Instant parseInstant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
