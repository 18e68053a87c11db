package org.ticketmail.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes James' configuration directory from {@code conf/james/}: every file is copied into the James
 * working directory under the data directory, with {@code ${name}} placeholders replaced by the
 * settings (ports, support address, relay). Admins edit {@code conf/james/}; the rendered copy is
 * rewritten at every start.
 */
final class JamesConf {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z][a-zA-Z.]*)\\}");

    private JamesConf() {
    }

    static Map<String, String> values(Settings s) {
        String gateway = s.relay().map(r -> "<gateway>" + r.host() + "</gateway>\n                <gatewayPort>" + r.port() + "</gatewayPort>")
                .orElse("");
        return Map.ofEntries(
                Map.entry("support.address", s.supportAddress()),
                Map.entry("support.addresses", String.join(", ", s.supportAddresses())),
                Map.entry("support.domain", s.supportDomain()),
                Map.entry("support.name", xml(s.supportName())),
                Map.entry("listen.address", s.listenAddress()),
                Map.entry("smtp.port", Integer.toString(s.smtpPort())),
                // James counts in KiB
                Map.entry("smtp.maxMessageSize", Long.toString((s.maxMessageBytes() + 1023) / 1024)),
                Map.entry("imap.port", Integer.toString(s.imapPort())),
                Map.entry("relay.gateway", gateway),
                Map.entry("internal.keyword", xml(s.internalKeyword())),
                Map.entry("recipients.autoAdd", Boolean.toString(s.autoAddRecipients())),
                Map.entry("sender.useEmployeeName", Boolean.toString(s.useEmployeeSenderName())),
                Map.entry("alerts.customer.created", s.alerts().created()),
                Map.entry("alerts.customer.closed", Boolean.toString(s.alerts().closed())),
                Map.entry("alerts.customer.statusChanged", Boolean.toString(s.alerts().statusChanged())),
                Map.entry("conf.dir", s.confDir().toString()),
                Map.entry("data.dir", s.dataDir().toString()));
    }

    /** Renders conf/james into {@code jamesHome/conf}; returns jamesHome. */
    static Path render(Settings settings, Path jamesHome) {
        Path source = settings.confDir().resolve("james");
        if (!Files.isDirectory(source)) {
            throw new ConfigException("conf/james: not found in " + settings.confDir() + "; it holds James' configuration (mailetcontainer.xml, smtpserver.xml, ...)");
        }
        if (!Files.isRegularFile(source.resolve("mailetcontainer.xml"))) {
            throw new ConfigException("conf/james/mailetcontainer.xml: not found; the ticket pipeline is configured there");
        }
        Map<String, String> values = values(settings);
        Path target = jamesHome.resolve("conf");
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    String name = file.getFileName().toString();
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    Files.writeString(target.resolve(name), fill(text, values, "conf/james/" + name), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("conf/james: cannot render into " + target + " (" + e.getMessage() + ")");
        }
        return jamesHome;
    }

    static String fill(String text, Map<String, String> values, String shownName) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new ConfigException(shownName + " line " + line + ": ${" + m.group(1) + "} is not a known setting; known are "
                        + String.join(", ", new java.util.TreeSet<>(values.keySet())));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
