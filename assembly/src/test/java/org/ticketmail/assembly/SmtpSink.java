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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal SMTP server on a free loopback port that takes every message: what the fuzz run and the mix benchmark
 * use instead of GreenMail, which parses and keeps each message. A subclass reads each message's lines up to the
 * lone dot ({@link #message}); this class speaks the protocol, one thread per connection.
 */
abstract class SmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final boolean eightBitMime;
    private final ExecutorService connections;

    /** @param eightBitMime whether EHLO offers 8BITMIME (without it, James converts 8-bit parts to 7 bit first) */
    SmtpSink(String threadName, int backlog, boolean eightBitMime) throws IOException {
        this.eightBitMime = eightBitMime;
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        connections.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads one message from {@code in} up to and including the lone dot; {@code recipients} are its RCPT TO, lower-cased. */
    protected abstract void message(List<String> recipients, InputStream in) throws IOException;

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
            InputStream in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
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
                    case "EHLO" -> reply(out, eightBitMime ? "250-sink\r\n250 8BITMIME" : "250 sink");
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
                        message(List.copyOf(recipients), in);
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

    /** One line without its CR LF (at most 16 KiB of it kept), or null at the end of the stream. */
    static String line(InputStream in) throws IOException {
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
