package org.ticketmail.mailets;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.spamassassin.SpamAssassinInvoker;
import org.apache.james.spamassassin.SpamAssassinResult;

/**
 * A SpamAssassin daemon ({@code spamd}) the gateway asks about each mail (issue 14). The score comes from James' own
 * client, {@link SpamAssassinInvoker} ({@code CHECK}); what James' client lacks is added here:
 * <ul>
 *   <li>a time limit: James' client sets no socket timeouts, so a spamd that accepts and never answers would hold a
 *       spool thread for good. Each check runs on a small pool of its own and is given up after {@code timeout};</li>
 *   <li>the names of the rules that hit ({@code SYMBOLS}), asked only for mail that scores in the suspect band or
 *       above, so an admin sees why a mail was held;</li>
 *   <li>{@code PING}, for {@code /health}, and the last failure, for the status page.</li>
 * </ul>
 * Thread-safe.
 */
public final class Spamd implements AutoCloseable {
    /** What spamd said of a mail: its score and the score spamd itself calls spam. */
    public record Score(double hits, double required) {
    }

    /** spamd could not be asked, or did not answer in time. */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** Checks running at once at most; more wait for none and go unchecked (fail open). */
    static final int MAX_CHECKS = 16;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final SpamAssassinInvoker invoker;
    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private volatile Failure lastFailure;

    /** The last time spamd could not be asked, and why. */
    public record Failure(Instant at, String reason) {
    }

    /** @param metrics James' metric factory, which times each check; null for a client that only asks {@link #problem} */
    public Spamd(MetricFactory metrics, String host, int port, Duration timeout, Clock clock) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.clock = clock;
        this.invoker = new SpamAssassinInvoker(metrics, host, port);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, MAX_CHECKS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "spamd-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** host:port, as messages name it. */
    public String address() {
        return host + ":" + port;
    }

    /**
     * The mail's score, by James' client.
     *
     * @throws Unreachable when spamd does not answer, refuses, answers what is not a score, or takes longer than the timeout
     */
    public Score check(MimeMessage message) throws Unreachable {
        Future<SpamAssassinResult> result;
        try {
            result = pool.submit(() -> invoker.scanMail(message));
        } catch (RejectedExecutionException e) {
            throw failed("spamd at " + address() + " is answering none of the " + MAX_CHECKS + " checks waiting on it");
        }
        SpamAssassinResult r;
        try {
            r = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw failed("spamd at " + address() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for spamd at " + address());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : e.getCause();
            throw failed("spamd at " + address() + " cannot be asked: " + cause.getMessage());
        }
        try {
            return new Score(Double.parseDouble(r.getHits()), Double.parseDouble(r.getRequiredHits()));
        } catch (NumberFormatException | NullPointerException e) {
            throw failed("spamd at " + address() + " answered no score (is it spamd?)");
        }
    }

    private Unreachable failed(String reason) {
        lastFailure = new Failure(clock.instant(), reason);
        return new Unreachable(reason);
    }

    /**
     * The names of the rules that hit the mail ({@code SYMBOLS}), or an empty list when spamd cannot tell them now: the
     * score is what decides, the rules only explain it.
     */
    public List<String> rules(MimeMessage message) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            message.writeTo(body);
            List<String> lines = ask("SYMBOLS", body.toByteArray());
            if (lines.isEmpty() || !lines.get(0).endsWith(" EX_OK")) {
                return List.of();
            }
            int blank = lines.indexOf("");
            List<String> out = new ArrayList<>();
            for (String line : blank < 0 ? List.<String>of() : lines.subList(blank + 1, lines.size())) {
                for (String rule : line.split(",")) {
                    if (!rule.isBlank()) {
                        out.add(rule.trim());
                    }
                }
            }
            return out;
        } catch (IOException | MessagingException e) {
            return List.of();
        }
    }

    /** Why spamd does not answer {@code PING} now, or empty when it does. */
    public Optional<String> problem() {
        try {
            List<String> lines = ask("PING", null);
            if (!lines.isEmpty() && lines.get(0).endsWith(" PONG")) {
                return Optional.empty();
            }
            return Optional.of("spamd at " + address() + " answers PING with '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        } catch (IOException e) {
            return Optional.of("spamd at " + address() + " does not answer (" + e.getMessage() + ")");
        }
    }

    /** The last time a check failed, if one has. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** One spamc request (protocol SPAMC/1.5) and the lines of the answer. */
    private List<String> ask(String verb, byte[] message) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(verb).append(" SPAMC/1.5\r\n");
            if (message != null) {
                head.append("Content-length: ").append(message.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (message != null) {
                out.write(message);
            }
            out.flush();
            socket.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && lines.size() < 1000; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
