package org.ticketmail.calendar.google;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GoogleCalendar} reaches Google: which key file, which server, whether to impersonate calendar
 * owners, how long to wait. A value; derive a changed copy with the {@code with...} methods.
 *
 * @param keyFile the JSON key (a service account key or an OAuth refresh token), under {@code conf/}
 * @param keyName how messages name the key file, e.g. {@code conf/google-calendar.json}; the path when null
 * @param rootUrl where Calendar v3 lives, {@value #DEFAULT_ROOT_URL} when null; tests point it at a fake
 * @param delegate domain-wide delegation: the service account impersonates the owner of each calendar whose
 *     id is a mail address (Google Workspace grants this to the service account's client id)
 * @param timeout connect and read timeout of each call to the Calendar API, {@link #DEFAULT_TIMEOUT} when null;
 *     token requests keep the auth library's own 20 s, which it offers no way to change
 */
public record GoogleSettings(Path keyFile, String keyName, String rootUrl, boolean delegate, Duration timeout) {
    public static final String DEFAULT_ROOT_URL = "https://www.googleapis.com/";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public GoogleSettings {
        Objects.requireNonNull(keyFile, "keyFile");
        keyName = keyName == null || keyName.isBlank() ? keyFile.toString() : keyName;
        rootUrl = checkRootUrl(rootUrl == null || rootUrl.isBlank() ? DEFAULT_ROOT_URL : rootUrl.strip());
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the Google Calendar timeout must be between 1 ms and 24 days: " + timeout);
        }
    }

    /** Google's own server, no delegation, the default timeout. */
    public static GoogleSettings of(Path keyFile, String keyName) {
        return new GoogleSettings(keyFile, keyName, DEFAULT_ROOT_URL, false, DEFAULT_TIMEOUT);
    }

    public GoogleSettings withRootUrl(String newRootUrl) {
        return new GoogleSettings(keyFile, keyName, newRootUrl, delegate, timeout);
    }

    public GoogleSettings withDelegate(boolean newDelegate) {
        return new GoogleSettings(keyFile, keyName, rootUrl, newDelegate, timeout);
    }

    public GoogleSettings withTimeout(Duration newTimeout) {
        return new GoogleSettings(keyFile, keyName, rootUrl, delegate, newTimeout);
    }

    private static String checkRootUrl(String url) {
        String refusal = "calendar.google.rootUrl '" + url + "' is not an http(s) URL, e.g. " + DEFAULT_ROOT_URL;
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(refusal);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(refusal, e);
        }
        return url.endsWith("/") ? url : url + "/";
    }
}
