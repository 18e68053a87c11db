package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** {@code ticketmail health}: the systemd unit's start check, GET /health on the configured status port. */
class HealthCommandTest {
    @TempDir
    Path dir;

    private Main.Options options(int statusPort, String... args) throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Path properties = conf.resolve("ticketmail.properties");
        Files.writeString(properties, Files.readString(properties).replaceAll("(?m)^status\\.port=.*$", "status.port=" + statusPort));
        Main.Options o = Main.Options.parse(List.of(args), false, System.err);
        o.conf = conf;
        o.data = dir.resolve("data");
        return o;
    }

    @Test
    void healthShouldSucceedWhenTheStatusPortAnswers200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThat(Main.health(options(port, "--wait", "5"), Map.of(), new PrintStream(out, true))).isZero();

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ticketmail answers on 127.0.0.1:" + port + "\n");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthShouldFailNamingThePortWhenNothingAnswers() throws Exception {
        int port = ApplianceFixture.freePort();

        assertThatThrownBy(() -> Main.health(options(port), Map.of(), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("no healthy ticketmail on the status port 127.0.0.1:" + port + " after 0 s (")
                .hasMessageEndingWith("); see its log (journalctl -u ticketmail)");
    }

    @Test
    void healthShouldRefuseAWaitThatIsNotSeconds() {
        assertThatThrownBy(() -> Main.Options.parse(List.of("--wait", "2m"), false, System.err))
                .isInstanceOf(Main.UsageException.class)
                .hasMessage("--wait '2m' is not a number of seconds (0-86400), e.g. --wait 120");
    }
}
