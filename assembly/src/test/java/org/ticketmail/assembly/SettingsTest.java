package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path conf;

    private Settings load(String properties, Map<String, String> env) throws Exception {
        Files.writeString(conf.resolve("ticketmail.properties"), properties);
        return Settings.load(conf, conf.resolve("data"), env);
    }

    @Test
    void loadShouldApplyDefaults() throws Exception {
        Settings s = load("support.address=support@helpdesk.test\n", Map.of());

        assertThat(s.smtpPort()).isEqualTo(2525);
        assertThat(s.imapPort()).isEqualTo(1143);
        assertThat(s.statusPort()).isEqualTo(8025);
        assertThat(s.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(s.relay()).isEmpty();
        assertThat(s.internalKeyword()).isEqualTo("*123*");
        assertThat(s.ticketNumberStart()).isEqualTo(1000);
        assertThat(s.supportDomain()).isEqualTo("helpdesk.test");
    }

    @Test
    void environmentShouldWinOverFile() throws Exception {
        Settings s = load("support.address=support@helpdesk.test\nsmtp.port=2525\n", Map.of("TICKETMAIL_SMTP_PORT", "3525",
                "TICKETMAIL_RELAY", "smtp.example.com:587", "TICKETMAIL_SUPPORT_ADDRESS", "Help@Desk.example",
                "TICKETMAIL_IMAP_PORT", "3143", "TICKETMAIL_STATUS_PORT", "9025"));

        assertThat(s.smtpPort()).isEqualTo(3525);
        assertThat(s.imapPort()).isEqualTo(3143);
        assertThat(s.statusPort()).isEqualTo(9025);
        assertThat(s.relay()).contains(new Settings.HostPort("smtp.example.com", 587));
        assertThat(s.supportAddresses()).containsExactly("help@desk.example");
    }

    @Test
    void emptyKeywordShouldDisableIt() throws Exception {
        assertThat(load("support.address=s@h.test\ninternal.keyword=\n", Map.of()).internalKeyword()).isEmpty();
    }

    @Test
    void badPortShouldNameFileKeyAndValue() {
        assertThatThrownBy(() -> load("support.address=s@h.test\nsmtp.port=x25\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: smtp.port 'x25' is not a port number (1-65535, or 0 for any free port), e.g. 2525");
    }

    @Test
    void badEnvironmentValueShouldNameVariable() {
        assertThatThrownBy(() -> load("support.address=s@h.test\n", Map.of("TICKETMAIL_RELAY", "mx:2x")))
                .hasMessage("environment: TICKETMAIL_RELAY 'mx:2x' is not host:port, e.g. smtp.example.com:587; leave it empty for direct MX delivery");
    }

    @Test
    void missingSupportAddressShouldBeRefused() {
        assertThatThrownBy(() -> load("smtp.port=2525\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: support.address is missing: set the public support address, e.g. support.address=support@helpdesk.example");
    }

    @Test
    void unknownKeyShouldBeRefused() {
        assertThatThrownBy(() -> load("support.address=s@h.test\nsmpt.port=25\n", Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: 'smpt.port' is not a known key; known keys are ");
    }

    @Test
    void badAddressShouldBeRefused() {
        assertThatThrownBy(() -> load("support.address=support\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: support.address 'support' is not a mail address, e.g. support@helpdesk.example");
    }

    @Test
    void missingFileShouldSayWhere() {
        assertThatThrownBy(() -> Settings.load(conf.resolve("nowhere"), conf, Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: not found in ");
    }

    @Test
    void unknownPlaceholderInJamesConfShouldNameFileAndLine() {
        assertThatThrownBy(() -> JamesConf.fill("<a>\n<b>${smtp.prot}</b>", Map.of("smtp.port", "25"), "conf/james/smtpserver.xml"))
                .hasMessage("conf/james/smtpserver.xml line 2: ${smtp.prot} is not a known setting; known are smtp.port");
    }

    @Test
    void aStatusServerReachableFromOtherMachinesShouldNeedAToken() {
        assertThatThrownBy(() -> load("support.address=s@h.test\nlisten.address=0.0.0.0\n", Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: status.token is empty, but listen.address 0.0.0.0 lets other"
                        + " machines reach the status server");
    }

    @Test
    void aShortStatusTokenShouldBeRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> load("support.address=s@h.test\nstatus.token=secret12\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: status.token is too short or has spaces; use 20 or more characters without"
                        + " spaces, e.g. the output of: openssl rand -hex 24")
                .hasMessageNotContaining("secret12");
    }

    @Test
    void aStatusTokenShouldLetTheStatusServerListenOnTheNetwork() throws Exception {
        Settings s = load("support.address=s@h.test\nlisten.address=0.0.0.0\nstatus.token=0123456789abcdef0123\n", Map.of());

        assertThat(s.statusToken()).contains("0123456789abcdef0123");
    }

    @Test
    void maxMessageSizeShouldReadUnitsAndRefuseNonsense() throws Exception {
        assertThat(load("support.address=s@h.test\n", Map.of()).maxMessageBytes()).isEqualTo(50L << 20);
        assertThat(load("support.address=s@h.test\nsmtp.maxMessageSize=512KB\n", Map.of()).maxMessageBytes()).isEqualTo(512L << 10);
        assertThatThrownBy(() -> load("support.address=s@h.test\nsmtp.maxMessageSize=huge\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: smtp.maxMessageSize 'HUGE' is not a size between 1KB and 2GB, e.g. 50MB or 512KB");
    }

    @Test
    void spamShouldBeOffByDefaultWithTheDocumentedThresholds() throws Exception {
        org.ticketmail.mailets.SpamPolicy spam = load("support.address=s@h.test\n", Map.of()).spam();

        assertThat(spam.spamd()).isEmpty();
        assertThat(spam.active()).isFalse();
        assertThat(spam.threshold()).isEqualTo(5.0);
        assertThat(spam.suspectThreshold()).isEqualTo(3.0);
        assertThat(spam.prefix(4.25)).isEqualTo("[SUSPECT 4.3]");
        assertThat(spam.retentionDays()).isEqualTo(30);
        assertThat(spam.maxBytes()).isEqualTo(512L << 10);
    }

    @Test
    void spamKeysShouldBeReadAndCheckedWithTheKeyNamed() throws Exception {
        org.ticketmail.mailets.SpamPolicy spam = load("support.address=s@h.test\nspam.spamd=127.0.0.1:783\nspam.threshold=6.5\n"
                + "spam.suspectThreshold=4\nspam.suspectPrefix=[maybe spam {score}]\nspam.trustUpstreamHeaders=true\nspam.upstreamScl=6\n"
                + "spam.timeout=5s\nspam.retentionDays=7\n", Map.of()).spam();

        assertThat(spam.spamd()).contains("127.0.0.1:783");
        assertThat(spam.threshold()).isEqualTo(6.5);
        assertThat(spam.prefix(5)).isEqualTo("[maybe spam 5.0]");
        assertThat(spam.trustUpstreamHeaders()).isTrue();
        assertThat(spam.upstreamScl()).isEqualTo(6);
        assertThat(spam.timeout()).hasSeconds(5);
        assertThat(spam.retentionDays()).isEqualTo(7);
        assertThatThrownBy(() -> load("support.address=s@h.test\nspam.spamd=localhost\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: spam.spamd 'localhost' is not spamd's host:port, e.g. 127.0.0.1:783; leave it"
                        + " empty for no content filter");
        assertThatThrownBy(() -> load("support.address=s@h.test\nspam.threshold=high\n", Map.of()))
                .hasMessage("conf/ticketmail.properties: spam.threshold 'high' is not a SpamAssassin score such as 5.0");
        assertThatThrownBy(() -> load("support.address=s@h.test\nspam.threshold=5\nspam.suspectThreshold=6\n", Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: spam.suspectThreshold 6.0 is above spam.threshold 5.0");
        assertThatThrownBy(() -> load("support.address=s@h.test\nspam.upstreamScl=12\n", Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: spam.upstreamScl '12' is not a spam confidence level of 1 to 9");
        assertThatThrownBy(() -> load("support.address=s@h.test\nspam.retentionDays=0\n", Map.of()))
                .hasMessageStartingWith("conf/ticketmail.properties: spam.retentionDays '0' is not a whole number of at least 1");
    }

    @Test
    void aLowSpamThresholdShouldPullTheDefaultSuspectBandDownWithIt() throws Exception {
        org.ticketmail.mailets.SpamPolicy spam = load("support.address=s@h.test\nspam.threshold=2.5\n", Map.of()).spam();

        assertThat(spam.suspectThreshold()).isEqualTo(2.5);
    }
}
