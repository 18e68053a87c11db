package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The switches of ticketmail.properties end to end (no keyword, unified sender name, no auto-added
 * recipients), malformed mail over SMTP, and configuration that must stop the start.
 */
class ConfigurationIntegrationTest extends RunningAppliance {

    @Override
    Map<String, String> properties() {
        return Map.of("internal.keyword", "", "sender.useEmployeeName", "false",
                "support.name", "Acme Help Desk", "recipients.autoAdd", "false", "ticket.number.start", "5000");
    }

    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    @Test
    void numbersShouldStartAtConfiguredCounter() throws Exception {
        assertThat(openTicket("Counter")).matches("\\d{4}-5\\d{3}");
    }

    @Test
    void acknowledgmentShouldComeFromConfiguredName() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Name").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());

        assertThat(((InternetAddress) outside.only("dana@acme.test").getFrom()[0]).toUnicodeString())
                .isEqualTo("Acme Help Desk <" + SUPPORT + ">");
    }

    @Test
    void unifiedSenderNameShouldHideEmployeeName() throws Exception {
        String number = openTicket("Unified");

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("Ticket [" + number + "]").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(((InternetAddress) outside.only("dana@acme.test").getFrom()[0]).toUnicodeString())
                .isEqualTo("Acme Help Desk <" + SUPPORT + ">");
    }

    @Test
    void emptyKeywordShouldLeaveStarredSubjectsPublic() throws Exception {
        String number = openTicket("No keyword");

        mail().from("alice@helpdesk.test").to(SUPPORT).subject("*123* Ticket [" + number + "]").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(outside.inbox("dana@acme.test")).hasSize(1);
        assertThat(appliance.ticket(number).get("history").get(2).get("public").asBoolean()).isTrue();
    }

    @Test
    void autoAddOffShouldKeepRecipientsAsTheyWere() throws Exception {
        String number = openTicket("No auto add");

        mail().from("dana@acme.test").to(SUPPORT).cc("boss@acme.test").envelope(SUPPORT).subject("Ticket [" + number + "]")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("recipients").toString()).doesNotContain("boss@acme.test");
    }

    @Test
    void malformedMimeShouldStillOpenTicketAndKeepOriginal() throws Exception {
        byte[] raw = Files.readAllBytes(Corpora.dir().resolve("mime/flanker__broken-mime.eml"));
        MimeMessage broken = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)) {
            @Override
            protected void updateHeaders() {
                // send the bytes as they are
            }
        };
        broken.setFrom(new InternetAddress("dana@acme.test"));
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(appliance.smtpPort()));
        try (Transport t = Session.getInstance(p).getTransport("smtp")) {
            t.connect();
            t.sendMessage(broken, new InternetAddress[] {new InternetAddress(SUPPORT)});
        }
        outside.awaitExactly(4, appliance.smtpPort());

        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        JsonNode entry = appliance.ticket(number).get("history").get(0);
        assertThat(entry.get("text").asText()).isNotEmpty();
    }

    @Test
    void startShouldFailWithOneLineForBadDirectory(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("directory.yaml"), "employees:\n  - {id: a, name: A, addresses: [a@h.test], recipientOption: MAYBE}\n");
        Settings settings = Settings.load(conf, dir.resolve("data"), Map.of("TICKETMAIL_SMTP_PORT", Integer.toString(ApplianceFixture.freePort()),
                "TICKETMAIL_STATUS_PORT", "0", "TICKETMAIL_IMAP_PORT", Integer.toString(ApplianceFixture.freePort())));

        assertThatThrownBy(() -> Appliance.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("conf/directory.yaml: employees[0] (a).recipientOption 'MAYBE' is not one of OFF, ALL, SUBSCRIBED, MANAGER, ACCOUNT_MANAGER");
    }

    private static Settings settingsWith(Path dir, java.util.function.Consumer<Path> editConf, String... properties) throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("directory.yaml"), ApplianceFixture.DIRECTORY);
        editConf.accept(conf);
        StringBuilder extra = new StringBuilder("\n");
        for (String p : properties) {
            extra.append(p).append('\n');
        }
        Files.writeString(conf.resolve("ticketmail.properties"), Files.readString(conf.resolve("ticketmail.properties"))
                .replaceAll("(?m)^(dispatch\\.employee|ticket\\.subject\\w+)=.*$", "") + extra);
        return Settings.load(conf, dir.resolve("data"), Map.of("TICKETMAIL_SMTP_PORT", Integer.toString(ApplianceFixture.freePort()),
                "TICKETMAIL_STATUS_PORT", "0", "TICKETMAIL_IMAP_PORT", Integer.toString(ApplianceFixture.freePort())));
    }

    @Test
    void startShouldFailWhenDispatcherIsNoActiveEmployee(@TempDir Path dir) throws Exception {
        Settings settings = settingsWith(dir, conf -> { }, "dispatch.employee=frank");

        assertThatThrownBy(() -> Appliance.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("conf/ticketmail.properties: dispatch.employee 'frank' is not an active employee of conf/directory.yaml;"
                        + " add the employee there, or set dispatch.employee to one who is");
    }

    @Test
    void settingsShouldRefuseSubjectPatternThatDoesNotFindWhatTheFormatWrites(@TempDir Path dir) {
        assertThatThrownBy(() -> settingsWith(dir, conf -> { }, "ticket.subjectPattern=\\\\[#(\\\\d{4}-\\\\d{4,})\\\\]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("conf/ticketmail.properties: ticket.subjectPattern '\\[#(\\d{4}-\\d{4,})\\]' does not find the number in"
                        + " what ticket.subjectFormat writes ('Ticket [2611-1000]'); make them agree");
    }

    @Test
    void startShouldFailWhenAPasswordIsForNoEmployee(@TempDir Path dir) throws Exception {
        Settings settings = settingsWith(dir, conf -> EmployeePasswords.set(conf, "zed", "helpdesk.test", "a long enough password"));

        assertThatThrownBy(() -> Appliance.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("conf/employee-passwords: 'zed' is not an active employee of conf/directory.yaml; remove the line or add the employee");
    }

    @Test
    void startShouldFailNamingTheLineOfAGarbledPasswordFile(@TempDir Path dir) throws Exception {
        Settings settings = settingsWith(dir, conf -> {
            try {
                Files.writeString(conf.resolve("employee-passwords"), "# passwords\nalice\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThatThrownBy(() -> Appliance.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("conf/employee-passwords line 2: expected 'ID HASH' as `ticketmail set-password ID` writes it");
    }

    @Test
    void startShouldFailNamingTheKeyOfABadCalendarBlock(@TempDir Path dir) throws Exception {
        Settings settings = settingsWith(dir, conf -> {
            try {
                Files.writeString(conf.resolve("directory.yaml"), "employees:\n  - {id: a, name: A, addresses: [a@h.test], technician: true,"
                        + " calendar: {mode: outlook, id: a@h.test}}\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThatThrownBy(() -> Appliance.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("conf/directory.yaml: employees[0] (a).calendar.mode 'outlook' is not one of google, guest, ical");
    }

    @Test
    void startShouldFailNamingRuleFileAndLineForBadRegex(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("quote-rules.txt"), "cut-from fine ^--$\ncut-from broken (\n", StandardCharsets.UTF_8);
        Settings settings = Settings.load(conf, dir.resolve("data"), Map.of("TICKETMAIL_SMTP_PORT", Integer.toString(ApplianceFixture.freePort()),
                "TICKETMAIL_STATUS_PORT", "0", "TICKETMAIL_IMAP_PORT", Integer.toString(ApplianceFixture.freePort())));

        assertThatThrownBy(() -> Appliance.start(settings)).hasRootCauseMessage(
                conf.toAbsolutePath().normalize().resolve("quote-rules.txt") + " line 2: rule 'broken' has a bad regex (Unclosed group near index 1)");
        // The data directory is released: a second start gets as far as the same error, not a locked database.
        assertThatThrownBy(() -> Appliance.start(settings)).hasRootCauseMessage(
                conf.toAbsolutePath().normalize().resolve("quote-rules.txt") + " line 2: rule 'broken' has a bad regex (Unclosed group near index 1)");
    }
}
