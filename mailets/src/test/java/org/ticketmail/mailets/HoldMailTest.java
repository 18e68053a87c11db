package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.message;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.HeldMail;

class HoldMailTest {
    Fixtures f;
    HoldMail mailet;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        mailet = f.init(new HoldMail(f.held), "reason", "processing failed");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static FakeMail outOfOffice(String errorMessage) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(message("dana@acme.test", "Out of office")).sender("dana@acme.test")
                .recipients(SUPPORT, "alice@helpdesk.test").build();
        mail.setErrorMessage(errorMessage);
        return mail;
    }

    private HeldMail onlyHeld() {
        assertThat(f.held.newest(10)).hasSize(1);
        return f.held.newest(10).get(0);
    }

    @Test
    void serviceShouldHoldMailWithItsSenderRecipientsSubjectAndTime() throws Exception {
        mailet.service(outOfOffice(null));

        HeldMail held = onlyHeld();
        assertThat(held.sender()).isEqualTo("dana@acme.test");
        assertThat(held.recipients()).isEqualTo(SUPPORT + ", alice@helpdesk.test");
        assertThat(held.subject()).isEqualTo("Out of office");
        assertThat(held.heldAt()).isEqualTo(Fixtures.CLOCK.instant());
    }

    @Test
    void serviceShouldKeepTheWholeMessage() throws Exception {
        FakeMail mail = outOfOffice(null);

        mailet.service(mail);

        assertThat(f.held.message(onlyHeld().id()).orElseThrow()).isEqualTo(MailHeaders.bytes(mail.getMessage()));
    }

    @Test
    void serviceShouldGiveTheConfiguredReasonWhenMailHasNoError() throws Exception {
        mailet.service(outOfOffice(null));

        assertThat(onlyHeld().reason()).isEqualTo("processing failed");
    }

    @Test
    void serviceShouldAppendTheErrorMessageToTheReasonWhenMailHasOne() throws Exception {
        mailet.service(outOfOffice("disk full"));

        assertThat(onlyHeld().reason()).isEqualTo("processing failed: disk full");
    }

    @Test
    void serviceShouldEndProcessing() throws Exception {
        FakeMail mail = outOfOffice(null);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void initShouldRefuseMissingReason() {
        assertThatThrownBy(() -> f.init(new HoldMail(f.held)))
                .hasMessage("mailetcontainer.xml: HoldMail needs a reason, e.g. <reason>auto-reply</reason>");
    }
}
