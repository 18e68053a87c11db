package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryFile;
import org.ticketmail.store.directory.DirectoryProvider;

/**
 * One mail sees one directory from its first step to its last: conf/directory.yaml saved while a mail is
 * between two steps changes nothing for that mail. The steps run in order on one mail here, with the
 * directory replaced right after IdentifySender, which is exactly the moment no end-to-end test can hit.
 */
class DirectorySnapshotTest {
    /** A directory that can be replaced, remembering every generation, as the reloading file does. */
    static final class Switching implements DirectoryProvider {
        private final List<Directory> generations = new java.util.ArrayList<>();

        Switching(Directory first) {
            generations.add(first);
        }

        void replace(Directory next) {
            generations.add(next);
        }

        @Override
        public Snapshot snapshot() {
            return new Snapshot(generations.size(), generations.get(generations.size() - 1));
        }

        @Override
        public Optional<Directory> generation(long generation) {
            return generation >= 1 && generation <= generations.size() ? Optional.of(generations.get((int) generation - 1)) : Optional.empty();
        }
    }

    Fixtures f;
    Switching directories;

    @BeforeEach
    void setUp() {
        f = new Fixtures();
        directories = new Switching(Fixtures.DIRECTORY);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void employeeReplyShouldStayAnEmployeeReplyWhenTheDirectoryDropsHerMidway() throws Exception {
        String number = f.acmeTicket();
        FakeMail mail = Fixtures.mail(MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test").addToRecipient(SUPPORT)
                .setSubject("Ticket [" + number + "] fixed").setText("Fixed it."));

        f.init(new IdentifySender(directories, Fixtures.GATEWAY, TrustPolicy.defaults(), Fixtures.NO_DKIM_KEYS)).service(mail);
        // Saved while the mail is between two steps: alice is gone.
        directories.replace(DirectoryFile.parse(Fixtures.DIRECTORY_TEXT.replaceAll("(?m)^  - \\{id: alice.*\\n", "")
                .replace("defaultTicketManager: alice", "defaultTicketManager: bob"), "directory.yaml"));
        f.init(new IdentifyTicket(f.store, f.messageIds, directories, Fixtures.GATEWAY)).service(mail);
        f.init(new ClassifyMail(Fixtures.GATEWAY)).service(mail);
        f.init(new StripQuotedText()).service(mail);
        f.init(new RecordHistory(f.store, f.held, directories, Fixtures.GATEWAY, org.ticketmail.store.StatusMap.defaults())).service(mail);
        f.init(new DistributeToRecipients(f.store, directories, Fixtures.GATEWAY)).service(mail);

        HistoryEntry reply = f.store.history(number).get(1);
        assertThat(reply.direction()).isEqualTo(org.ticketmail.store.Direction.OUT);
        assertThat(reply.isPublic()).isTrue();
        FakeMailContextCopies sent = new FakeMailContextCopies(f);
        assertThat(sent.lastEnvelope()).containsExactly("dana@acme.test", "bob@helpdesk.test", "carol@helpdesk.test");
    }

    @Test
    void stepShouldFailClearlyWhenItsDirectoryGenerationIsGone() throws Exception {
        FakeMail mail = Fixtures.from(Fixtures.mail(Fixtures.message("dana@acme.test", "Hi")), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.DIRECTORY, 7L);

        assertThatThrownBy(() -> f.init(new IdentifyTicket(f.store, f.messageIds, directories, Fixtures.GATEWAY)).service(mail))
                .hasMessage("IdentifyTicket: the directory this mail started with (generation 7) is no longer remembered;"
                        + " conf/directory.yaml changed too often while the mail was in the pipeline. Send it again to handle it with"
                        + " the directory in force now");
    }

    /** The envelope of the last mail the mailets sent through the fake context. */
    record FakeMailContextCopies(Fixtures f) {
        List<String> lastEnvelope() {
            var sent = f.context.getSentMails();
            return sent.get(sent.size() - 1).getRecipients().stream().map(org.apache.james.core.MailAddress::asString).toList();
        }
    }
}
