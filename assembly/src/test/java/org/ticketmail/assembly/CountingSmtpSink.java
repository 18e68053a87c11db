package org.ticketmail.assembly;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The outside world for the fuzz run: an SMTP server that takes every message and keeps only, per recipient, the
 * ticket numbers ({@code X-Ticketmail-Ticket}) of what it received. GreenMail parses each message it stores and
 * overflows its stack on the thousands of nested parts a fuzzed mail may carry (the copy of the original attached to
 * a rewrapped mail); this sink reads nothing but the header block, and keeps no bodies, so the heap measured at
 * the end is the appliance's.
 */
final class CountingSmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counting-smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    CountingSmtpSink() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many messages {@code address} received. */
    int count(String address) {
        List<String> tickets = received.get(address.toLowerCase(Locale.ROOT));
        if (tickets == null) {
            return 0;
        }
        synchronized (tickets) {
            return tickets.size();
        }
    }

    /** The ticket numbers of the messages {@code address} received ("-" for a message without one). */
    Set<String> tickets(String address) {
        List<String> tickets = received.get(address.toLowerCase(Locale.ROOT));
        if (tickets == null) {
            return Set.of();
        }
        synchronized (tickets) {
            return Set.copyOf(tickets);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.submit(() -> session(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink");
            List<String> recipients = new ArrayList<>();
            for (String line = line(in); line != null; line = line(in)) {
                String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (command) {
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>', lt + 1);
                        recipients.add(lt >= 0 && gt > lt ? line.substring(lt + 1, gt).toLowerCase(Locale.ROOT) : line);
                        reply(out, "250 ok");
                    }
                    case "MAIL", "RSET" -> {
                        recipients.clear();
                        reply(out, "250 ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 go on");
                        String ticket = data(in);
                        for (String r : recipients) {
                            List<String> tickets = received.computeIfAbsent(r, k -> new ArrayList<>());
                            synchronized (tickets) {
                                tickets.add(ticket);
                            }
                        }
                        recipients.clear();
                        reply(out, "250 kept");
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads the message up to the lone dot; returns its X-Ticketmail-Ticket header, or "-". */
    private static String data(InputStream in) throws IOException {
        String ticket = "-";
        boolean inHeaders = true;
        for (String line = line(in); line != null && !line.equals("."); line = line(in)) {
            if (inHeaders) {
                if (line.isEmpty()) {
                    inHeaders = false;
                } else if (line.regionMatches(true, 0, "X-Ticketmail-Ticket:", 0, 20)) {
                    ticket = line.substring(20).trim();
                }
            }
        }
        return ticket;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (b.size() < 16 * 1024) {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to release
        }
        connections.shutdownNow();
    }
}
