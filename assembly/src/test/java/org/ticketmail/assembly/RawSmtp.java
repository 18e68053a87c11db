package org.ticketmail.assembly;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP client that sends a message's bytes exactly as they are (bare CR and LF, NUL, 8-bit bytes in headers),
 * which JavaMail's transport would normalize; only dot-stuffing and the final CRLF are added, as SMTP requires.
 * One session carries many messages. Not thread-safe: one per client thread.
 */
final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** The session was closed before the message was begun (e.g. after the server refused the one before): send it again. */
    static final class NotSent extends IOException {
        NotSent(IOException cause) {
            super("the session was closed before MAIL FROM: " + cause.getMessage(), cause);
        }
    }

    /** The server's reply to a message: the code and the text of the last reply line. */
    record Reply(int code, String text) {
        boolean accepted() {
            return code / 100 == 2;
        }
    }

    RawSmtp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(120_000);
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        expect(read(), 220, "greeting");
        command("EHLO client.fuzz.test");
        expect(read(), 250, "EHLO");
    }

    /**
     * Sends {@code raw} from {@code sender} to {@code recipients}: the reply to the end of DATA, or the refusal of
     * MAIL, RCPT or DATA. Throws {@link NotSent} when the session was already closed, IOException when it breaks later.
     */
    Reply send(String sender, List<String> recipients, byte[] raw) throws IOException {
        Reply r;
        try {
            command("MAIL FROM:<" + sender + ">");
            r = read();
        } catch (IOException e) {
            throw new NotSent(e);
        }
        if (!r.accepted()) {
            reset();
            return r;
        }
        int accepted = 0;
        Reply refusal = null;
        for (String rcpt : recipients) {
            command("RCPT TO:<" + rcpt + ">");
            Reply rr = read();
            if (rr.accepted()) {
                accepted++;
            } else {
                refusal = rr;
            }
        }
        if (accepted == 0) {
            reset();
            return refusal;
        }
        command("DATA");
        r = read();
        if (r.code() != 354) {
            reset();
            return r;
        }
        out.write(stuffed(raw));
        out.flush();
        return read();
    }

    /** Dot-stuffs (a line is what ends in LF, for the server) and ends the data with CRLF . CRLF. */
    static byte[] stuffed(byte[] raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length + raw.length / 50 + 8);
        boolean lineStart = true;
        for (byte c : raw) {
            if (lineStart && c == '.') {
                b.write('.');
            }
            b.write(c);
            lineStart = c == '\n';
        }
        if (!lineStart) {
            b.write('\r');
            b.write('\n');
        }
        b.write('.');
        b.write('\r');
        b.write('\n');
        return b.toByteArray();
    }

    private void reset() throws IOException {
        command("RSET");
        read();
    }

    private void command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private Reply read() throws IOException {
        while (true) {
            String line = line();
            if (line.length() < 3) {
                throw new IOException("bad SMTP reply '" + line + "'");
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), line);
            }
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                s.append((char) c);
            }
        }
        if (c == -1) {
            throw new IOException("the server closed the connection" + (s.length() > 0 ? " after '" + s + "'" : ""));
        }
        return s.toString();
    }

    private static void expect(Reply r, int code, String what) throws IOException {
        if (r.code() != code) {
            throw new IOException(what + ": " + r.text());
        }
    }

    @Override
    public void close() {
        try {
            command("QUIT");
            read();
        } catch (IOException e) {
            // the server may be gone already
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
