package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.MailRuns;
import org.ticketmail.store.StatusMap;

/**
 * A mail James redelivers after the process died between recording it and sending its copies: the steps
 * after recording run from the mail's run, each at most once (issue 10). Runs the real mailets on the
 * real store; "the process died" is a step that never ran.
 */
class RedeliveryTest {
    private final Fixtures f = new Fixtures();
    /** The runs of the appliance's first start; {@link #restarted} is the start after a crash. */
    private final MailRuns runs = new MailRuns(f.database);
    private final MailRuns restarted = new MailRuns(f.database);

    private RecordHistory record() throws Exception {
        return record(runs);
    }

    private RecordHistory record(MailRuns start) throws Exception {
        return f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, StatusMap.defaults(), null, start));
    }

    private DistributeToRecipients distribute() throws Exception {
        return distribute(runs);
    }

    private DistributeToRecipients distribute(MailRuns start) throws Exception {
        DistributeToRecipients mailet = new DistributeToRecipients(f.store, f.directories, Fixtures.GATEWAY);
        mailet.setMailRuns(start);
        return f.init(mailet);
    }

    private AlertCustomers alert(MailRuns start) throws Exception {
        AlertCustomers mailet = new AlertCustomers(f.store, f.directories, Fixtures.GATEWAY, AlertCustomersTest.TOKENS);
        mailet.setMailRuns(start);
        return f.init(mailet);
    }

    private AlertCustomers alert() throws Exception {
        return alert(runs);
    }

    /** Dana's new-ticket mail as the steps before RecordHistory leave it; each call is a fresh delivery of the same message. */
    private static FakeMail danaOpens() throws Exception {
        FakeMail mail = Fixtures.from(Fixtures.mail(Fixtures.message("Dana Customer <dana@acme.test>", "Printer broken")
                .addHeader("Message-ID", "<crash-1@acme.test>")), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.TEXT, "Hello.");
        return mail;
    }

    @Test
    void aMailRedeliveredBeforeItsCopiesWentOutShouldBeDistributedAndAcknowledgedOnce() throws Exception {
        FakeMail first = danaOpens();
        record().service(first);
        // the process dies here: nothing was distributed or acknowledged

        FakeMail again = danaOpens();
        record(restarted).service(again);
        distribute(restarted).service(again);
        alert(restarted).service(again);
        f.init(new FinishRun(restarted)).service(again);

        assertThat(again.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(TicketAttributes.string(again, TicketAttributes.TICKET)).isEqualTo(TicketAttributes.string(first, TicketAttributes.TICKET));
        assertThat(TicketAttributes.flag(again, TicketAttributes.OPENED)).isTrue();
        assertThat(f.store.countTickets()).isEqualTo(1);
        assertThat(f.context.getSentMails()).hasSize(2); // the copy to the employees, the acknowledgment to dana
        assertThat(f.held.newest(10)).isEmpty();
    }

    @Test
    void aMailRedeliveredAfterItsCopyWentOutShouldOnlyBeAcknowledged() throws Exception {
        FakeMail first = danaOpens();
        record().service(first);
        distribute().service(first);
        // the process dies here: the copy went out, the acknowledgment did not
        FakeMailContext.SentMail copy = f.context.getSentMails().get(0);

        FakeMail again = danaOpens();
        record(restarted).service(again);
        distribute(restarted).service(again);
        alert(restarted).service(again);

        assertThat(f.context.getSentMails()).hasSize(2);
        assertThat(f.context.getSentMails().get(0)).isEqualTo(copy);
        assertThat(f.context.getSentMails().get(1).getRecipients().toString()).contains("dana@acme.test");
    }

    @Test
    void aMailThatWentThroughEveryStepShouldBeHeldAsARepeat() throws Exception {
        FakeMail first = danaOpens();
        record().service(first);
        distribute().service(first);
        alert().service(first);
        f.init(new FinishRun(runs)).service(first);
        int sent = f.context.getSentMails().size();

        FakeMail again = danaOpens();
        record().service(again);

        assertThat(again.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.held.newest(10)).singleElement().satisfies(h -> assertThat(h.reason()).startsWith("recorded before on ticket"));
        assertThat(f.context.getSentMails()).hasSize(sent);
    }

    @Test
    void aHeldMailSentAgainAsDownloadedShouldFinishItsSteps() throws Exception {
        FakeMail first = danaOpens();
        record().service(first);
        // a later step failed: the mail was held, its run incomplete; the admin downloads it and sends it again
        runs.failed(TicketAttributes.string(first, TicketAttributes.MESSAGE_KEY).orElseThrow()); // as HoldMail does
        byte[] downloaded = MailHeaders.bytes(first.getMessage());
        javax.mail.internet.MimeMessage resent = new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(downloaded));
        resent.addHeader("Received", "from admin.helpdesk.test by ticketmail; resent");
        FakeMail again = Fixtures.from(FakeMail.builder().name("resent").mimeMessage(resent).sender("admin@helpdesk.test")
                .recipient(Fixtures.SUPPORT).build(), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(again, TicketAttributes.TEXT, "Hello.");

        record().service(again);
        distribute().service(again);

        assertThat(TicketAttributes.flag(again, TicketAttributes.REDELIVERED)).isTrue();
        assertThat(f.store.countTickets()).isEqualTo(1);
        assertThat(f.context.getSentMails()).hasSize(1);
    }

    @Test
    void aSecondCopyWhileTheFirstIsStillOnItsWayShouldBeHeldNotSentTwice() throws Exception {
        FakeMail first = danaOpens();
        record().service(first);
        // the same start meets a second copy (the sender's server sent it twice) before the first is distributed

        FakeMail again = danaOpens();
        record().service(again);
        distribute().service(first);
        alert().service(first);

        assertThat(again.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.held.newest(10)).singleElement().satisfies(h -> assertThat(h.reason()).startsWith("recorded before on ticket"));
        assertThat(f.context.getSentMails()).hasSize(2); // the first copy's distribution and acknowledgment only
    }
}
