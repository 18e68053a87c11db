package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.mailets.MockPublicKeyRecordRetriever;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

/**
 * DKIM as the way an employee's mail is verified (employee.trust=dkim, no trusted network): the
 * appliance looks up helpdesk.test's key (injected here in place of DNS), and only a passing signature
 * of the From address's own domain counts.
 */
class DkimTrustIntegrationTest extends RunningAppliance {
    private static final KeyPair HELPDESK = keys();
    private static final KeyPair EVIL = keys();

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String record(KeyPair keys) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    @Override
    Map<String, String> properties() {
        return Map.of("employee.trust", "dkim", "employee.trustedNetworks", "10.0.0.0/8");
    }

    @Override
    List<Module> overrides() {
        PublicKeyRecordRetriever helpdesk = new MockPublicKeyRecordRetriever(record(HELPDESK), "mail", "helpdesk.test");
        PublicKeyRecordRetriever evil = new MockPublicKeyRecordRetriever(record(EVIL), "mail", "evil.test");
        return List.of(new AbstractModule() {
            @Override
            protected void configure() {
                bind(PublicKeyRecordRetriever.class).toInstance((method, selector, token) ->
                        token.toString().equals("evil.test") ? evil.getRecords(method, selector, token) : helpdesk.getRecords(method, selector, token));
            }
        });
    }

    /** Alice's mail, signed by {@code domain} with {@code keys}, as her company's server would. */
    private byte[] signed(String number, String body, String domain, KeyPair keys) throws Exception {
        return signed("Alice Tech <alice@helpdesk.test>", number, body, domain, keys);
    }

    private byte[] signed(String from, String number, String body, String domain, KeyPair keys) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail().from(from).to(SUPPORT).subject("RE: Ticket [" + number + "]").body(body).build().writeTo(raw);
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=mail; h=from:to:subject:message-id; bh=; b=;";
        String header = new DKIMSigner(template, keys.getPrivate()).sign(new ByteArrayInputStream(raw.toByteArray()));
        byte[] line = (header + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[line.length + raw.size()];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(raw.toByteArray(), 0, out, line.length, raw.size());
        return out;
    }

    private String openTicket() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Signed").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    @Test
    void mailSignedByTheEmployeesOwnDomainShouldRunItsCommands() throws Exception {
        String number = openTicket();

        TestMails.sendRaw(signed(number, "#priority urgent\nOn it.", "helpdesk.test", HELPDESK), List.of(SUPPORT), appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // dana; bob, carol; confirmation

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("urgent");
        assertThat(outside.inbox("dana@acme.test")).hasSize(1);
    }

    @Test
    void mailSignedByAnotherDomainShouldNotCountAsTheEmployees() throws Exception {
        String number = openTicket();

        TestMails.sendRaw(signed(number, "#priority urgent\nOn it.", "evil.test", EVIL), List.of(SUPPORT), appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // bob, carol (employees only); the notice to alice

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("normal");
        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        assertThat(outside.only("alice@helpdesk.test").getSubject()).startsWith("A mail in your name");
    }

    @Test
    void aSecondFromAboveASignedMailOfSomeoneElseShouldNotCount() throws Exception {
        String number = openTicket();
        byte[] mallory = signed("mallory@helpdesk.test", number, "#priority urgent\nOn it.", "helpdesk.test", HELPDESK);
        byte[] forged = ("From: Alice Tech <alice@helpdesk.test>\r\n" + new String(mallory, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);

        TestMails.sendRaw(forged, List.of(SUPPORT), appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // employees only, and the notice to alice

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("normal");
    }

    @Test
    void mailWhoseSignedBodyWasChangedShouldNotCount() throws Exception {
        String number = openTicket();
        byte[] raw = signed(number, "#priority low\nFine.", "helpdesk.test", HELPDESK);
        String tampered = new String(raw, StandardCharsets.US_ASCII).replace("#priority low", "#priority urgent");

        TestMails.sendRaw(tampered.getBytes(StandardCharsets.US_ASCII), List.of(SUPPORT), appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("priority").asText()).isEqualTo("normal");
    }
}
