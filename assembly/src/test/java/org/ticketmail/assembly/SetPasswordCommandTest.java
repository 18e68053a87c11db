package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ticketmail set-password ID}: a hash in conf/employee-passwords, never the password. */
class SetPasswordCommandTest {
    @TempDir
    Path dir;

    private Path conf() throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("directory.yaml"), ApplianceFixture.DIRECTORY);
        return conf;
    }

    private int run(Path conf, String stdin, ByteArrayOutputStream out, String... args) {
        Main.Options o = Main.Options.parse(List.of(args), true, System.err);
        o.conf = conf;
        o.data = dir.resolve("data");
        return Main.setPassword(o, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true));
    }

    @Test
    void setPasswordShouldWriteAHashAndSayTheLogin() throws Exception {
        Path conf = conf();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(run(conf, "correct horse battery staple\n", out, "alice")).isZero();

        String file = Files.readString(conf.resolve("employee-passwords"));
        assertThat(file).contains("alice ").doesNotContain("correct horse");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("alice logs in over SMTP AUTH as alice@helpdesk.test; restart ticketmail to apply\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("employee-passwords")))).isEqualTo("rw-------");
    }

    @Test
    void setPasswordShouldReplaceTheEarlierLine() throws Exception {
        Path conf = conf();
        run(conf, "first password here\n", new ByteArrayOutputStream(), "alice");
        run(conf, "second password here\n", new ByteArrayOutputStream(), "alice");

        assertThat(Files.readAllLines(conf.resolve("employee-passwords")).stream().filter(l -> l.startsWith("alice ")).count()).isEqualTo(1);
    }

    @Test
    void setPasswordShouldKeepTheGroupAccessOfAnExistingFile() throws Exception {
        Path conf = conf();
        Path file = conf.resolve("employee-passwords");
        Files.writeString(file, "# shipped by the Debian package, root:ticketmail 0640\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Object group = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class).group();

        run(conf, "correct horse battery staple\n", new ByteArrayOutputStream(), "alice");

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class).group()).isEqualTo(group);
        assertThat(Files.readString(file)).startsWith("# shipped by the Debian package").contains("alice ");
    }

    @Test
    void setPasswordShouldRefuseAShortPassword() throws Exception {
        Path conf = conf();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(conf, "short\n", new ByteArrayOutputStream(), "alice"))
                .hasMessage("give the password (at least 10 characters) on standard input, e.g. from a password manager");
    }

    @Test
    void setPasswordShouldRefuseAnUnknownEmployee() throws Exception {
        Path conf = conf();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(conf, "long enough password\n", new ByteArrayOutputStream(), "zed"))
                .hasMessage("conf/directory.yaml: 'zed' is not an active employee; set-password takes an employee id");
    }
}
