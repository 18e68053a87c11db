package org.ticketmail.assembly;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.SpamPolicy;
import org.ticketmail.mailets.TicketTag;
import org.ticketmail.calendar.WorkingTime;
import org.ticketmail.mailets.TrustPolicy;

/**
 * The appliance's settings: {@code conf/ticketmail.properties}, overridden by the {@code TICKETMAIL_*}
 * environment variables. Every value is checked here, so bad configuration fails at start with one line.
 *
 * @param supportAddresses the public support address(es); the first is the From of distributed mail
 * @param relay the outbound smarthost as host:port, or empty for direct MX delivery
 * @param ticketTag how ticket numbers appear in subjects ({@code ticket.subjectPattern}, {@code ticket.subjectFormat})
 * @param dispatcher the employee id of {@code dispatch.employee}, checked against the directory at start
 * @param trust when mail in an employee's name counts as theirs ({@code employee.trust}, {@code employee.trustedNetworks})
 * @param spam how spam is judged: the {@code spam.*} keys
 * @param slaInterval how often every open ticket is measured against conf/sla.yaml ({@code sla.interval}); a changed
 *     ticket is measured again within a second
 * @param autoClose the automatic closing of waiting tickets: {@code autoClose.after}, {@code autoClose.status},
 *     {@code autoClose.resolution}, and {@code alerts.customer.closed}
 */
public record Settings(Path confDir, Path dataDir, List<String> supportAddresses, String supportName, String listenAddress,
                       int smtpPort, int imapPort, int statusPort, Optional<HostPort> relay, long ticketNumberStart,
                       String internalKeyword, boolean autoAddRecipients, boolean useEmployeeSenderName,
                       TicketTag ticketTag, Optional<String> dispatcher, TrustPolicy trust, Alerts alerts, Calendar calendar,
                       Optional<String> statusToken, long maxMessageBytes, RateLimits limits, SpamPolicy spam,
                       Duration slaInterval, org.ticketmail.sla.AutoClose.Policy autoClose) {

    /**
     * {@code limits.acknowledgmentsPerHour}, {@code limits.senderMailsPerHour}, {@code limits.ticketMailsPerHour}:
     * what one address or ticket can make the gateway send in an hour.
     */
    public record RateLimits(int acknowledgmentsPerHour, int senderMailsPerHour, int ticketMailsPerHour) {
    }

    /**
     * Scheduling on technicians' calendars: the {@code calendar.*} keys.
     *
     * @param credentials the Google key file ({@code calendar.google.credentials}, a path under conf/), or empty:
     *     no Google calendar
     * @param credentialsName how messages name it, e.g. conf/google-calendar.json
     * @param rootUrl {@code calendar.google.rootUrl}: Google's API root, or a proxy's or a test server's
     * @param supportCalendar {@code calendar.google.supportCalendar}: where guest technicians are invited from
     * @param delegate {@code calendar.google.delegate}: the service account impersonates each calendar's owner
     *     (domain-wide delegation) instead of using calendars shared with it
     * @param working {@code calendar.timezone}, {@code calendar.workingHours}, {@code calendar.workingDays},
     *     {@code calendar.minFreeMinutes}
     */
    public record Calendar(Optional<Path> credentials, String credentialsName, String rootUrl, Optional<String> supportCalendar,
                           boolean delegate, WorkingTime working, Duration syncInterval, Duration reflowInterval) {
    }

    /**
     * The customer alerts: {@code alerts.customer.created} (all, known, off), {@code alerts.customer.closed},
     * {@code alerts.customer.statusChanged}.
     */
    public record Alerts(String created, boolean closed, boolean statusChanged) {
    }

    /** An outbound relay. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    static final String FILE = "ticketmail.properties";
    private static final Map<String, String> ENV = Map.of(
            "TICKETMAIL_SMTP_PORT", "smtp.port",
            "TICKETMAIL_IMAP_PORT", "imap.port",
            "TICKETMAIL_STATUS_PORT", "status.port",
            "TICKETMAIL_RELAY", "relay",
            "TICKETMAIL_SUPPORT_ADDRESS", "support.address");
    private static final Set<String> KEYS = Set.of("support.address", "support.name", "listen.address", "smtp.port",
            "imap.port", "status.port", "relay", "ticket.number.start", "internal.keyword", "recipients.autoAdd",
            "sender.useEmployeeName", "ticket.subjectPattern", "ticket.subjectFormat", "dispatch.employee", "employee.trust", "employee.trustedNetworks",
            "alerts.customer.created", "alerts.customer.closed", "alerts.customer.statusChanged",
            "calendar.google.credentials", "calendar.google.rootUrl", "calendar.google.supportCalendar", "calendar.google.delegate",
            "calendar.timezone", "calendar.workingHours", "calendar.workingDays", "calendar.minFreeMinutes", "calendar.sync.interval",
            "calendar.reflow.interval", "status.token", "smtp.maxMessageSize",
            "limits.acknowledgmentsPerHour", "limits.senderMailsPerHour", "limits.ticketMailsPerHour",
            "spam.spamd", "spam.threshold", "spam.suspectThreshold", "spam.suspectPrefix", "spam.trustUpstreamHeaders",
            "spam.upstreamScl", "spam.maxSize", "spam.timeout", "spam.retentionDays", "sla.interval",
            "autoClose.after", "autoClose.status", "autoClose.resolution");

    public String supportAddress() {
        return supportAddresses.get(0);
    }

    /** Who the gateway is, as the mailets see it, signing its Message-IDs with {@code threadIds}. */
    public Gateway gateway(org.ticketmail.mailets.ThreadIds threadIds) {
        return new Gateway(supportAddresses, supportName, ticketTag, dispatcher, threadIds);
    }

    /** Where this appliance's own ports are reached from this host: listen.address, or loopback when it listens on every address. */
    public String localHost() {
        return listenAddress.equals("0.0.0.0") || listenAddress.equals("::") || listenAddress.isBlank() ? "127.0.0.1" : listenAddress;
    }

    public String supportDomain() {
        return supportAddress().substring(supportAddress().indexOf('@') + 1);
    }

    /** Reads {@code confDir/ticketmail.properties} with {@code env} on top. */
    public static Settings load(Path confDir, Path dataDir, Map<String, String> env) {
        Path file = confDir.resolve(FILE);
        String shown = "conf/" + FILE;
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(shown + ": not found in " + confDir + "; start with --conf pointing at a directory holding it");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(shown + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(shown + ": '" + key + "' is not a known key; known keys are " + String.join(", ", new TreeSet<>(KEYS)));
            }
            values.put(key, p.getProperty(key).trim());
            source.put(key, shown + ": " + key);
        }
        for (Map.Entry<String, String> e : ENV.entrySet()) {
            String value = env.get(e.getKey());
            if (value != null) {
                values.put(e.getValue(), value.trim());
                source.put(e.getValue(), "environment: " + e.getKey());
            }
        }
        Values reader = new Values(values, source, shown);
        List<String> support = reader.addresses("support.address");
        String listen = reader.string("listen.address", "127.0.0.1");
        try {
            InetAddress.getByName(listen);
        } catch (UnknownHostException e) {
            throw new ConfigException(reader.where("listen.address") + " '" + listen + "' is not an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return new Settings(confDir.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(), support,
                reader.string("support.name", "Support"), listen,
                reader.port("smtp.port", 2525), reader.port("imap.port", 1143), reader.port("status.port", 8025),
                reader.relay("relay"), reader.positiveLong("ticket.number.start", 1000),
                reader.keyword("internal.keyword", "*123*"),
                reader.bool("recipients.autoAdd", true), reader.bool("sender.useEmployeeName", true),
                reader.ticketTag("ticket.subjectPattern", "ticket.subjectFormat"), reader.id("dispatch.employee"),
                reader.trust("employee.trust", "employee.trustedNetworks"),
                new Alerts(reader.oneOf("alerts.customer.created", "all", "all", "known", "off"), reader.bool("alerts.customer.closed", true),
                        reader.bool("alerts.customer.statusChanged", false)),
                reader.calendar(confDir.toAbsolutePath().normalize()), reader.statusToken(listen),
                reader.size("smtp.maxMessageSize", "50MB"),
                new RateLimits((int) reader.positiveLong("limits.acknowledgmentsPerHour", 3),
                        (int) reader.positiveLong("limits.senderMailsPerHour", 30), (int) reader.positiveLong("limits.ticketMailsPerHour", 60)),
                reader.spam(), reader.interval("sla.interval", "1m", false), reader.autoClose(reader.bool("alerts.customer.closed", true)));
    }

    private record Values(Map<String, String> values, Map<String, String> source, String file) {
        String where(String key) {
            return source.getOrDefault(key, file + ": " + key);
        }

        /**
         * {@code status.token}: at least 20 characters; required when the status server listens beyond this machine,
         * since it shows every ticket, internal notes included.
         */
        /** A size such as {@code 50MB}, {@code 512KB} or a number of bytes; at least 1 KB. */
        long size(String key, String defaultValue) {
            String v = string(key, defaultValue).trim().toUpperCase(Locale.ROOT).replace(" ", "");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(KB|K|MB|M|GB|G|B)?").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "B" : m.group(2);
                long bytes = unit.startsWith("G") ? n << 30 : unit.startsWith("M") ? n << 20 : unit.startsWith("K") ? n << 10 : n;
                if (bytes >= 1024 && bytes <= (2L << 30)) {
                    return bytes;
                }
            }
            throw new ConfigException(where(key) + " '" + v + "' is not a size between 1KB and 2GB, e.g. 50MB or 512KB");
        }

        Optional<String> statusToken(String listen) {
            String v = string("status.token", "").trim();
            if (v.isEmpty()) {
                boolean loopback;
                try {
                    loopback = InetAddress.getByName(listen).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    loopback = false;
                }
                if (!loopback) {
                    throw new ConfigException(where("status.token") + " is empty, but listen.address " + listen + " lets other machines"
                            + " reach the status server, which shows every ticket and internal note; set status.token to a long random"
                            + " string (e.g. the output of: openssl rand -hex 24) and send it as Authorization: Bearer TOKEN");
                }
                return Optional.empty();
            }
            if (v.length() < 20 || v.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(where("status.token") + " is too short or has spaces; use 20 or more characters without"
                        + " spaces, e.g. the output of: openssl rand -hex 24");
            }
            return Optional.of(v);
        }

        /** The {@code spam.*} keys. */
        SpamPolicy spam() {
            Optional<HostPort> spamd = relay("spam.spamd", "spamd's host:port, e.g. 127.0.0.1:783; leave it empty for no content filter");
            double threshold = score("spam.threshold", SpamPolicy.DEFAULT_THRESHOLD);
            double suspect = score("spam.suspectThreshold", Math.min(SpamPolicy.DEFAULT_SUSPECT, threshold));
            if (suspect > threshold) {
                throw new ConfigException(where("spam.suspectThreshold") + " " + suspect + " is above spam.threshold " + threshold
                        + "; the suspect band lies below the threshold (set both the same for no suspect band)");
            }
            String prefix = string("spam.suspectPrefix", SpamPolicy.DEFAULT_PREFIX);
            if (prefix.length() > 60 || prefix.contains("\n")) {
                throw new ConfigException(where("spam.suspectPrefix") + " is longer than 60 characters; keep it short, e.g. "
                        + SpamPolicy.DEFAULT_PREFIX);
            }
            long scl = positiveLong("spam.upstreamScl", 5);
            if (scl > 9) {
                throw new ConfigException(where("spam.upstreamScl") + " '" + scl + "' is not a spam confidence level of 1 to 9, e.g. 5"
                        + " (Microsoft 365 gives 5 and 6 to spam, 9 to high-confidence spam)");
            }
            Duration timeout = interval("spam.timeout", "15s", false);
            return new SpamPolicy(spamd.map(HostPort::host), spamd.map(HostPort::port).orElse(0), threshold, suspect, prefix,
                    bool("spam.trustUpstreamHeaders", false), (int) scl, size("spam.maxSize", "512KB"), timeout,
                    (int) positiveLong("spam.retentionDays", 30));
        }

        /** The {@code autoClose.*} keys; the resolution must be a word, checked against conf/statuses.yaml at start. */
        org.ticketmail.sla.AutoClose.Policy autoClose(boolean alert) {
            Duration after = interval("autoClose.after", "0", true);
            String statusName = string("autoClose.status", "pending-close");
            org.ticketmail.store.TicketStatus status = org.ticketmail.store.TicketStatus.find(statusName)
                    .filter(st -> st != org.ticketmail.store.TicketStatus.CLOSED)
                    .orElseThrow(() -> new ConfigException(where("autoClose.status") + " '" + statusName + "' is not a status a ticket"
                            + " waits in; use one of " + org.ticketmail.store.TicketStatus.names().replace("closed, ", "") + ", e.g. pending-close"));
            String resolution = string("autoClose.resolution", "expired").trim().toLowerCase(Locale.ROOT);
            if (!resolution.matches("[a-z][a-z0-9-]*")) {
                throw new ConfigException(where("autoClose.resolution") + " '" + resolution + "' is not a resolution word, e.g. expired");
            }
            return new org.ticketmail.sla.AutoClose.Policy(after, status, resolution, alert);
        }

        /** A SpamAssassin score, e.g. 5.0 or 6.5. */
        double score(String key, double defaultValue) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return defaultValue;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d) && d >= -100 && d <= 1000) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(where(key) + " '" + v + "' is not a SpamAssassin score such as " + defaultValue);
        }

        Calendar calendar(Path confDir) {
            String key = "calendar.google.credentials";
            String name = string(key, "");
            Optional<Path> credentials = Optional.empty();
            if (!name.isBlank()) {
                Path file = confDir.resolve(name).normalize();
                if (!file.startsWith(confDir)) {
                    throw new ConfigException(where(key) + " '" + name + "' is not under conf/; put the key file there and name it"
                            + " relative to conf/, e.g. google-calendar.json");
                }
                if (!Files.isRegularFile(file)) {
                    throw new ConfigException(where(key) + " '" + name + "': no such file in conf/; download the service account's"
                            + " JSON key there (README.md, \"Google Calendar\"), or leave the key empty to schedule without Google");
                }
                credentials = Optional.of(file);
            }
            String rootUrl = string("calendar.google.rootUrl", "https://www.googleapis.com/");
            if (!rootUrl.matches("https?://[^\\s/]+(/.*)?")) {
                throw new ConfigException(where("calendar.google.rootUrl") + " '" + rootUrl + "' is not an http(s) URL, e.g."
                        + " https://www.googleapis.com/");
            }
            WorkingTime working;
            try {
                working = WorkingTime.parse(string("calendar.timezone", ""), string("calendar.workingHours", "09:00-17:00"),
                        string("calendar.workingDays", "MON-FRI"), string("calendar.minFreeMinutes", "0"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": " + e.getMessage());
            }
            Optional<String> support = Optional.of(string("calendar.google.supportCalendar", "")).filter(v -> !v.isBlank()).map(String::trim);
            return new Calendar(credentials, "conf/" + name, rootUrl.endsWith("/") ? rootUrl : rootUrl + "/", support,
                    bool("calendar.google.delegate", false), working, interval("calendar.sync.interval", "1m", false),
                    interval("calendar.reflow.interval", "1h", true));
        }

        /** {@code 30s}, {@code 5m}, {@code 1h}; 0 turns it off where {@code zeroAllowed}. */
        Duration interval(String key, String defaultValue, boolean zeroAllowed) {
            String v = string(key, defaultValue).trim().toLowerCase(java.util.Locale.ROOT);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(s|m|h)?").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = "h".equals(m.group(2)) ? Duration.ofHours(n) : "m".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
                if (!d.isZero() || zeroAllowed) {
                    return d;
                }
            }
            throw new ConfigException(where(key) + " '" + v + "' is not an interval such as 30s, 5m or 1h"
                    + (zeroAllowed ? " (0 turns it off)" : ""));
        }

        String string(String key, String defaultValue) {
            String v = values.get(key);
            return v == null || v.isEmpty() ? defaultValue : v;
        }

        int port(String key, int defaultValue) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return defaultValue;
            }
            try {
                int port = Integer.parseInt(v);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(where(key) + " '" + v + "' is not a port number (1-65535, or 0 for any free port), e.g. " + defaultValue);
        }

        long positiveLong(String key, long defaultValue) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return defaultValue;
            }
            try {
                long n = Long.parseLong(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(where(key) + " '" + v + "' is not a whole number of at least 1, e.g. " + defaultValue);
        }

        boolean bool(String key, boolean defaultValue) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return defaultValue;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": return true;
                case "false": case "no": return false;
                default: throw new ConfigException(where(key) + " '" + v + "' is not true or false");
            }
        }

        String keyword(String key, String defaultValue) {
            if (!values.containsKey(key)) {
                return defaultValue;
            }
            String v = values.get(key);
            if (v.contains(" ") || v.contains("<") || v.contains("&")) {
                throw new ConfigException(where(key) + " '" + v + "' must be one word without spaces, e.g. *123*; leave it empty to disable");
            }
            return v;
        }

        List<String> addresses(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw new ConfigException(where(key) + " is missing: set the public support address, e.g. support.address=support@helpdesk.example");
            }
            List<String> out = new ArrayList<>();
            for (String piece : v.split("[,\\s]+")) {
                try {
                    InternetAddress a = new InternetAddress(piece, true);
                    if (!a.getAddress().contains("@")) {
                        throw new AddressException("no domain");
                    }
                    out.add(a.getAddress().toLowerCase(Locale.ROOT));
                } catch (AddressException e) {
                    throw new ConfigException(where(key) + " '" + piece + "' is not a mail address, e.g. support@helpdesk.example");
                }
            }
            return out;
        }

        TicketTag ticketTag(String patternKey, String formatKey) {
            try {
                return TicketTag.of(values.get(patternKey), values.get(formatKey));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": " + e.getMessage());
            }
        }

        String oneOf(String key, String defaultValue, String... allowed) {
            String v = string(key, defaultValue).toLowerCase(Locale.ROOT);
            if (!List.of(allowed).contains(v)) {
                throw new ConfigException(where(key) + " '" + values.get(key) + "' is not one of " + String.join(", ", allowed));
            }
            return v;
        }

        TrustPolicy trust(String waysKey, String networksKey) {
            try {
                return TrustPolicy.parse(string(waysKey, "auth,network,dkim"), string(networksKey, "127.0.0.0/8, ::1"));
            } catch (IllegalArgumentException e) {
                String key = e.getMessage().startsWith(networksKey) ? networksKey : waysKey;
                throw new ConfigException(where(key) + e.getMessage().substring(key.length()));
            }
        }

        Optional<String> id(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return Optional.empty();
            }
            if (!v.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException(where(key) + " '" + v + "' is not an employee id of conf/directory.yaml, e.g. alice");
            }
            return Optional.of(v);
        }

        Optional<HostPort> relay(String key) {
            return relay(key, "host:port, e.g. smtp.example.com:587; leave it empty for direct MX delivery");
        }

        Optional<HostPort> relay(String key, String what) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                return Optional.empty();
            }
            int colon = v.lastIndexOf(':');
            if (colon > 0 && colon < v.length() - 1) {
                try {
                    int port = Integer.parseInt(v.substring(colon + 1));
                    if (port > 0 && port <= 65535) {
                        return Optional.of(new HostPort(v.substring(0, colon), port));
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new ConfigException(where(key) + " '" + v + "' is not " + what);
        }
    }
}
