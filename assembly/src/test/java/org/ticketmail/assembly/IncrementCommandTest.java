package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/ticketmail increment-ticket-number}: the admin's "Increment Ticket Number". */
class IncrementCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void incrementShouldMoveCounterForwardAndRefuseGoingBack() throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("ticketmail.properties"), "support.address=support@helpdesk.test\n");
        String data = dir.resolve("data").toString();

        String[] first = run("increment-ticket-number", "--conf", conf.toString(), "--data", data, "20000");
        assertThat(first[0]).isEqualTo("0");
        assertThat(first[1]).isEqualTo("the next ticket takes counter 20000\n");

        String[] back = run("increment-ticket-number", "--conf", conf.toString(), "--data", data, "15000");
        assertThat(back[0]).isEqualTo("1");
        assertThat(back[2]).isEqualTo("ticketmail: the ticket counter only moves forward: the next ticket already takes 20000,"
                + " so give a number above it, not 15000\n");
    }

    @Test
    void incrementShouldRefuseNonNumber() {
        String[] r = run("increment-ticket-number", "next");

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).startsWith("ticketmail: 'next' is not a whole number\nusage:");
    }

    @Test
    void unknownCommandShouldPrintUsage() {
        String[] r = run("frobnicate");

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).startsWith("ticketmail: unknown command 'frobnicate'\nusage:");
    }
}
