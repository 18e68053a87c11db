package org.ticketmail.calendar.google;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A checked Google key file and the credentials it holds: a service account key ({@code service_account})
 * or an OAuth refresh token ({@code authorized_user}), scoped to Google Calendar. Tokens come from the
 * file's {@code token_uri}. Refusals are one line naming the file, the fault and the fix, and never quote
 * the key. Immutable and thread-safe (Google's credentials refresh themselves under their own lock).
 */
final class KeyFile {
    static final String CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";
    static final String SERVICE_ACCOUNT = "service_account";
    static final String AUTHORIZED_USER = "authorized_user";
    static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final String NEW_KEY = "download a new JSON key of the service account from the Google Cloud "
            + "console (IAM & Admin, Service accounts, Keys)";

    private final String name;
    private final GoogleCredentials credentials;
    private final String clientEmail;
    private final URI tokenUri;

    private KeyFile(String name, GoogleCredentials credentials, String clientEmail, URI tokenUri) {
        this.name = name;
        this.credentials = credentials;
        this.clientEmail = clientEmail;
        this.tokenUri = tokenUri;
    }

    /**
     * Reads and checks the key file.
     *
     * @param name how messages name the file
     * @throws IllegalArgumentException naming the file, what is wrong with it and what to do
     */
    static KeyFile read(Path file, String name) {
        if (Files.notExists(file)) {
            throw new IllegalArgumentException(name + ": no such file; " + NEW_KEY
                    + " and save it there, or point calendar.google.credentials at it");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name + ": not a regular file; calendar.google.credentials names the "
                    + "JSON key file itself");
        }
        refuseWhenWorldReadable(file, name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read it (" + e.getClass().getSimpleName()
                    + "); let the user ticketmail runs as read it, e.g. chown ticketmail " + name, e);
        }
        JsonObject json = parse(bytes, name);
        String type = text(json, "type");
        if (SERVICE_ACCOUNT.equals(type)) {
            return serviceAccount(bytes, json, name);
        }
        if (AUTHORIZED_USER.equals(type)) {
            return authorizedUser(bytes, json, name);
        }
        throw new IllegalArgumentException(name + ": " + (type == null ? "no \"type\"" : "type '" + type + "'")
                + " is not a key ticketmail can use; " + NEW_KEY + " (type service_account), or an OAuth refresh "
                + "token (type authorized_user)");
    }

    /** Credentials of the key's own identity, scoped to Google Calendar. */
    GoogleCredentials credentials() {
        return credentials;
    }

    /** Credentials impersonating {@code subject} (domain-wide delegation); service account keys only. */
    GoogleCredentials impersonating(String subject) {
        if (!isServiceAccount()) {
            throw new IllegalStateException(name + ": an authorized_user key cannot impersonate " + subject);
        }
        return credentials.createDelegated(subject);
    }

    boolean isServiceAccount() {
        return clientEmail != null;
    }

    /** Who a calendar must be shared with: the service account's address, or the owner of the refresh token. */
    String identity() {
        return isServiceAccount() ? clientEmail : "the Google account that granted the refresh token in " + name;
    }

    URI tokenUri() {
        return tokenUri;
    }

    String name() {
        return name;
    }

    private static void refuseWhenWorldReadable(Path file, String name) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        try {
            if (posix.readAttributes().permissions().contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException(name + ": readable by every user of this machine; run chmod 600 "
                        + name);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read its permissions (" + e.getClass().getSimpleName()
                    + "); let the user ticketmail runs as read it", e);
        }
    }

    private static JsonObject parse(byte[] bytes, String name) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            // Gson names line, column and path, never the text it read; its advice on later lines is dropped.
            Throwable root = e.getCause() == null ? e : e.getCause();
            String where = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException(name + ": not JSON (" + where + "); " + NEW_KEY, e);
        }
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException(name + ": not a JSON object; " + NEW_KEY);
        }
        return tree.getAsJsonObject();
    }

    private static KeyFile serviceAccount(byte[] bytes, JsonObject json, String name) {
        for (String field : List.of("client_email", "client_id", "private_key_id", "private_key", "token_uri")) {
            require(json, field, name, "service_account key", NEW_KEY);
        }
        String universe = text(json, "universe_domain");
        if (universe != null && !universe.equals("googleapis.com")) {
            throw new IllegalArgumentException(name + ": universe_domain '" + universe + "' is not Google's "
                    + "(googleapis.com); ticketmail speaks to Google Calendar only");
        }
        URI tokenUri = tokenUri(json, name);
        ServiceAccountCredentials account;
        try {
            account = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            // The library's messages name the missing field or say "Invalid PKCS#8 data."; they never quote the key.
            throw new IllegalArgumentException(name + ": Google's auth library refuses this service_account key ("
                    + firstLine(e) + "); " + NEW_KEY, e);
        }
        // One token request per call: the caller of CalendarPort retries what is retryable, on its own schedule.
        GoogleCredentials scoped = account.createWithCustomRetryStrategy(false).createScoped(List.of(CALENDAR_SCOPE));
        return new KeyFile(name, scoped, text(json, "client_email"), tokenUri);
    }

    private static KeyFile authorizedUser(byte[] bytes, JsonObject json, String name) {
        String fix = "authorise ticketmail again (an OAuth consent for scope " + CALENDAR_SCOPE
                + ") and save the client_id, client_secret and refresh_token there";
        for (String field : List.of("client_id", "client_secret", "refresh_token")) {
            require(json, field, name, "authorized_user key", fix);
        }
        URI tokenUri = json.has("token_uri") ? tokenUri(json, name) : URI.create(GOOGLE_TOKEN_URI);
        UserCredentials user;
        try {
            user = UserCredentials.fromStream(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(name + ": Google's auth library refuses this authorized_user key ("
                    + firstLine(e) + "); " + fix, e);
        }
        return new KeyFile(name, user.createScoped(List.of(CALENDAR_SCOPE)), null, tokenUri);
    }

    private static URI tokenUri(JsonObject json, String name) {
        String value = text(json, "token_uri");
        String refusal = name + ": token_uri is not an http(s) URL; Google's is " + GOOGLE_TOKEN_URI;
        try {
            URI uri = new URI(value == null ? "" : value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(refusal);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(refusal, e);
        }
    }

    private static void require(JsonObject json, String field, String name, String what, String fix) {
        String value = text(json, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": " + what + " without \"" + field + "\"; " + fix);
        }
    }

    /** The string value of a top-level field, or null when it is absent or not a string. */
    private static String text(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
