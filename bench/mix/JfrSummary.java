import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Sums up a flight recording of the mix benchmark (bench/mix/run.sh with -Dmix.jfr=FILE):
 * CPU samples by thread group, self and inclusive frames, time per pipeline mailet, waits (park, monitor, socket
 * read) by thread group and the frame that waited, and file writes and syncs by file (Derby log and data, KahaDB
 * journal and index). Run with the JDK's source launcher: {@code java bench/mix/JfrSummary.java FILE [MAILS]}.
 */
public final class JfrSummary {
    private static final Map<String, Map<String, long[]>> tables = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double mails = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            String group = group(e);
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    add("CPU samples by thread group", group, 1);
                    List<RecordedFrame> frames = frames(e.getStackTrace());
                    if (!frames.isEmpty()) {
                        add("CPU self frames", name(frames.get(0)), 1);
                        add("CPU self frames, " + group, name(frames.get(0)), 1);
                    }
                    Set<String> seen = new HashSet<>();
                    Set<String> libs = new HashSet<>();
                    Set<String> mailets = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (seen.add(n)) {
                            add("CPU inclusive frames", n, 1);
                        }
                        libs.add(library(f.getMethod().getType().getName()));
                        String c = f.getMethod().getType().getName();
                        if ((c.startsWith("org.ticketmail.mailets.") || c.startsWith("org.apache.james.transport.mailets.")
                                || c.startsWith("org.ticketmail.matchers.")) && (f.getMethod().getName().equals("service")
                                || f.getMethod().getName().equals("match"))) {
                            mailets.add(c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethod().getName());
                        }
                    }
                    libs.forEach(l -> add("CPU inclusive by library", l, 1));
                    mailets.forEach(m -> add("CPU inclusive by mailet/matcher", m, 1));
                    // Inside each mailet: the ticketmail, mapper and James methods it spends in (inclusive).
                    for (String m : mailets) {
                        Set<String> under = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String c = f.getMethod().getType().getName();
                            if (c.startsWith("org.ticketmail.store") || c.startsWith("jdk.proxy") || c.startsWith("org.ticketmail.mailets")
                                    || c.startsWith("org.ticketmail.quote")
                                    || (c.startsWith("javax.mail.internet.MimeMessage") && !f.getMethod().getName().startsWith("get"))) {
                                under.add(m + " > " + name(f));
                            }
                        }
                        under.forEach(u -> add("CPU inside mailets (inclusive)", u, 1));
                    }
                    // Class path lookups (a new javax.mail Session, a mailcap or a resource): who asks.
                    if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith("java.util.zip.ZipFile")
                            || f.getMethod().getType().getName().equals("jdk.internal.loader.URLClassPath"))) {
                        add("CPU in class path lookups, by first non-JDK caller", firstInteresting(e.getStackTrace(), true), 1);
                    }
                }
                case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.SocketRead", "jdk.SocketWrite" -> {
                    long ms = e.getDuration().toMillis();
                    add("wait ms by type and thread group", type.substring(4) + " " + group, ms);
                    add("wait ms by type and first ticketmail/James/Derby/ActiveMQ frame", type.substring(4) + " " + group + " "
                            + firstInteresting(e.getStackTrace()), ms);
                }
                case "jdk.FileForce", "jdk.FileWrite" -> {
                    String path = e.getString("path");
                    String what = fileKind(path);
                    Duration d = e.getDuration();
                    add(type.substring(4) + " count by file", what + " " + group, 1);
                    add(type.substring(4) + " µs by file", what + " " + group, d.toNanos() / 1000);
                }
                default -> {
                }
            }
        }
        System.out.printf("%d CPU samples; per-mail figures divide by %.0f mails%n", samples, mails);
        tables.forEach((title, rows) -> {
            System.out.printf("%n== %s%n", title);
            rows.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(title.contains("self frames, ") ? 8 : title.startsWith("CPU inside") ? 60 : 25)
                    .forEach(r -> System.out.printf("%10d %8.2f/mail  %s%n", r.getValue()[0], r.getValue()[0] / mails, r.getKey()));
        });
    }

    private static void add(String table, String key, long n) {
        tables.computeIfAbsent(table, k -> new HashMap<>()).computeIfAbsent(key, k -> new long[1])[0] += n;
    }

    private static List<RecordedFrame> frames(RecordedStackTrace st) {
        return st == null ? List.of() : st.getFrames();
    }

    private static String name(RecordedFrame f) {
        String c = f.getMethod().getType().getName();
        return c.substring(c.lastIndexOf('.', c.lastIndexOf('.') - 1) + 1) + "." + f.getMethod().getName();
    }

    static String library(String c) {
        String[][] libs = {{"org.ticketmail.store", "ticketmail store"}, {"org.ticketmail.quote", "ticketmail quote"},
            {"org.ticketmail.mailets", "ticketmail mailets"}, {"org.ticketmail", "ticketmail other"}, {"org.apache.derby", "Derby"},
            {"org.apache.ibatis", "MyBatis"}, {"org.apache.activemq", "ActiveMQ"}, {"org.apache.james", "James"},
            {"javax.mail", "javax.mail"}, {"com.sun.mail", "javax.mail"}, {"org.apache.mailet", "James"}, {"io.netty", "Netty"},
            {"ch.qos.logback", "logback"}, {"org.slf4j", "logback"}, {"reactor.", "Reactor"}, {"java.util.regex", "java regex"},
            {"java.util.zip", "java zip"}, {"sun.nio", "JDK nio"}, {"java.io", "JDK io"}, {"java.", "JDK other"}, {"jdk.", "JDK other"},
            {"sun.", "JDK other"}};
        for (String[] l : libs) {
            if (c.startsWith(l[0])) {
                return l[1];
            }
        }
        return "other " + c.substring(0, Math.max(0, c.indexOf('.', c.indexOf('.') + 1)));
    }

    private static String firstInteresting(RecordedStackTrace st) {
        return firstInteresting(st, false);
    }

    private static String firstInteresting(RecordedStackTrace st, boolean anyLibrary) {
        for (RecordedFrame f : frames(st)) {
            String c = f.getMethod().getType().getName();
            if (anyLibrary && !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) {
                return name(f);
            }
            if (c.startsWith("org.ticketmail") || c.startsWith("org.apache.james") || c.startsWith("org.apache.derby")
                    || c.startsWith("org.apache.activemq") || c.startsWith("org.apache.ibatis")) {
                return name(f);
            }
        }
        List<RecordedFrame> all = frames(st);
        return all.isEmpty() ? "?" : name(all.get(Math.min(all.size() - 1, 2)));
    }

    private static String fileKind(String path) {
        if (path == null) {
            return "?";
        }
        if (path.contains("/kahadb/db-") && path.endsWith(".log")) {
            return "KahaDB journal";
        }
        if (path.contains("/kahadb/")) {
            return "KahaDB index " + path.substring(path.lastIndexOf('/') + 1);
        }
        if (path.matches(".*/log/log\\d+\\.dat")) {
            return "Derby log";
        }
        if (path.contains("/seg0/")) {
            return "Derby data";
        }
        return path.replaceAll(".*/data/", "data/");
    }

    /** Thread groups by name (James' spool, SMTP, RemoteDelivery; ActiveMQ and KahaDB; Derby). */
    static String group(RecordedEvent e) {
        String field = e.hasField("sampledThread") ? "sampledThread" : "eventThread";
        jdk.jfr.consumer.RecordedThread t = e.hasField(field) ? e.getThread(field) : null;
        String n = t == null ? null : t.getJavaName();
        if (n == null) {
            return "?";
        }
        String[][] groups = {{"spooler", "spool"}, {"Mailet", "spool"}, {"mailet", "spool"}, {"smtp", "SMTP"}, {"SMTP", "SMTP"},
            {"RemoteDelivery", "RemoteDelivery"}, {"remote", "RemoteDelivery"}, {"ActiveMQ", "ActiveMQ"}, {"KahaDB", "KahaDB"},
            {"derby", "Derby"}, {"Derby", "Derby"}, {"GC", "GC"}, {"C1", "JIT"}, {"C2", "JIT"}, {"JFR", "JFR"}, {"boundedElastic", "Reactor"},
            {"parallel", "Reactor"}, {"pool-", "pool"}};
        for (String[] g : groups) {
            if (n.contains(g[0])) {
                return g[1] + "(" + n.replaceAll("[-_ #]?\\d+", "") + ")";
            }
        }
        return n.replaceAll("[-_ #]?\\d+", "");
    }
}
