package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** The verdicts a filtering server in front writes into the header, as SpamAssassin, rspamd, OpenDMARC and Microsoft 365 write them. */
class UpstreamVerdictTest {
    private static Optional<UpstreamVerdict.Spam> read(String headers) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                (headers + "From: a@b.test\r\nSubject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8)));
        return UpstreamVerdict.read(m, 5);
    }

    @Test
    void spamAssassinsFlagAndStatusShouldCountWithTheirScore() throws Exception {
        assertThat(read("X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=7.9 required=5.0 tests=BAYES_99,\r\n\tURIBL_BLACK autolearn=no\r\n"))
                .hasValueSatisfying(s -> {
                    assertThat(s.header()).isEqualTo("X-Spam-Flag: YES");
                    assertThat(s.score()).isEqualTo(7.9);
                });
        assertThat(read("X-Spam-Status: Yes, hits=12.0 required=5.0\r\n")).hasValueSatisfying(s -> assertThat(s.score()).isEqualTo(12.0));
    }

    @Test
    void aCleanVerdictShouldNotCount() throws Exception {
        assertThat(read("X-Spam-Flag: NO\r\nX-Spam-Status: No, score=-0.1 required=5.0\r\n")).isEmpty();
        assertThat(read("")).isEmpty();
    }

    @Test
    void microsoftsSpamConfidenceLevelShouldCountFromTheConfiguredLevel() throws Exception {
        assertThat(read("X-MS-Exchange-Organization-SCL: 5\r\n")).hasValueSatisfying(s -> assertThat(s.header()).contains("SCL: 5"));
        assertThat(read("X-MS-Exchange-Organization-SCL: 1\r\n")).isEmpty();
        assertThat(read("X-MS-Exchange-Organization-SCL: -1\r\n")).isEmpty();
        assertThat(read("X-MS-Exchange-Organization-SCL: high\r\n")).isEmpty();
    }

    @Test
    void aDmarcFailureShouldCountOnlyUnderARejectOrQuarantinePolicy() throws Exception {
        for (String results : List.of("mx.example; dmarc=fail (p=reject dis=none) header.from=bank.test",
                "spf.protection.outlook.com; spf=fail; dkim=none; dmarc=fail action=oreject header.from=bank.test",
                "mx.example; dmarc=fail action=quarantine header.from=bank.test",
                "mx.example; dmarc=fail reason=\"No valid SPF\" header.from=bank.test (policy=reject)",
                "mx.google.com; dmarc=fail (p=QUARANTINE sp=NONE dis=QUARANTINE) header.from=bank.test")) {
            assertThat(read("Authentication-Results: " + results + "\r\n")).as(results).isPresent();
        }
        for (String results : List.of("mx.example; dmarc=fail (p=none dis=none) header.from=bank.test",
                "mx.example; dmarc=pass (p=reject) header.from=bank.test",
                "mx.example; spf=fail; dmarc=pass; arc=fail (p=reject)")) {
            assertThat(read("Authentication-Results: " + results + "\r\n")).as(results).isEmpty();
        }
    }

    @Test
    void aHeldSpamReasonShouldGiveBackItsScoreAndRules() {
        String reason = SpamFilter.holdReason(new SpamFilter.Verdict(SpamFilter.Kind.SPAM, 7.25, List.of("BAYES_99", "URIBL_BLACK"),
                "SpamAssassin score 7.3 is at or above spam.threshold 5.0"));

        assertThat(reason).isEqualTo("spam: score 7.3; rules BAYES_99, URIBL_BLACK; SpamAssassin score 7.3 is at or above spam.threshold 5.0");
        assertThat(SpamFilter.scoreOf(reason)).contains(7.3);
        assertThat(SpamFilter.rulesOf(reason)).containsExactly("BAYES_99", "URIBL_BLACK");
        assertThat(HeldReasons.kind(reason)).isEqualTo("spam");
        String upstream = SpamFilter.holdReason(new SpamFilter.Verdict(SpamFilter.Kind.SPAM, null, List.of(), "the filter in front says so"));
        assertThat(SpamFilter.scoreOf(upstream)).isEmpty();
        assertThat(SpamFilter.rulesOf(upstream)).isEmpty();
    }
}
