package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Path;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.HeldMail;

class HoldMailTest {
    @TempDir
    Path dir;
    Fixtures f;

    @BeforeEach
    void setUp() {
        f = new Fixtures(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void serviceShouldKeepMailWithReasonAndErrorAndEndProcessing() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(message("dana@acme.test", "Out of office")).sender("dana@acme.test")
                .recipient(Fixtures.SUPPORT).errorMessage("disk full").build();

        f.init(new HoldMail(f.store), "reason", "processing failed").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        HeldMail held = f.store.held(10).get(0);
        assertThat(held.reason()).isEqualTo("processing failed: disk full");
        assertThat(held.sender()).isEqualTo("dana@acme.test");
        assertThat(held.recipients()).isEqualTo(Fixtures.SUPPORT);
        assertThat(held.subject()).isEqualTo("Out of office");
        assertThat(f.store.heldMessage(held.id())).isPresent();
    }

    @Test
    void initShouldRefuseMissingReason() {
        assertThatThrownBy(() -> f.init(new HoldMail(f.store)))
                .hasMessage("mailetcontainer.xml: HoldMail needs a reason, e.g. <reason>auto-reply</reason>");
    }
}
