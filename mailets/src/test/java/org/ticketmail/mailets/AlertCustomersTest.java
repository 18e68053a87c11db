package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.CLOCK;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Message.RecipientType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ticketmail.store.Commands;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;

class AlertCustomersTest {
    /** Any history id: AlertCustomers only checks that RecordHistory ran. */
    static final long RECORDED = 1;
    static final String ORIGINAL_ID = "<orig-1@client.test>";
    static final RatingTokens TOKENS = new RatingTokens(new byte[32]);
    private static final Pattern MAILTO = Pattern.compile("mailto:\\S+");

    Fixtures f;
    String number;

    @BeforeEach
    void setUp() {
        f = new Fixtures();
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    // ---- mails as RecordHistory leaves them

    /** A mail RecordHistory recorded on {@link #number} (acme's "Printer broken"), without opening it. */
    private FakeMail recorded(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = Fixtures.from(mail(message.addHeader("Message-ID", ORIGINAL_ID)), kind, who);
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        TicketAttributes.set(mail, TicketAttributes.RECORDED, RECORDED);
        return mail;
    }

    /** A mail as RecordHistory leaves it when it opened {@link #number}. */
    private FakeMail opened(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = recorded(message, kind, who);
        TicketAttributes.set(mail, TicketAttributes.OPENED, true);
        return mail;
    }

    private FakeMail opened(String from, SenderKind kind, String who) throws Exception {
        return opened(message(from, "Printer broken"), kind, who);
    }

    private FakeMail openedByDana() throws Exception {
        return opened("Dana Customer <dana@acme.test>", SenderKind.CUSTOMER, "acme");
    }

    /** Alice's mail that moved the ticket's status ({@code move} as RecordHistory writes it: {@code assigned closed}). */
    private FakeMail movedByAlice(String move) throws Exception {
        FakeMail mail = recorded(message("alice@helpdesk.test", "Re: Printer broken Ticket [" + number + "]"), SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.STATUS_CHANGE, move);
        return mail;
    }

    /** Alice's mail that closed the ticket: the ticket closed in the store, the mail marked {@code assigned closed}. */
    private FakeMail closedByAlice() throws Exception {
        close("solved", "Replaced the toner.");
        return movedByAlice("assigned closed");
    }

    /** Dana's mail that rated the closed ticket for the first time. */
    private FakeMail firstRatingByDana() throws Exception {
        f.store.setState(number, TicketStatus.CLOSED, false);
        FakeMail mail = recorded(message("Dana Customer <dana@acme.test>", TOKENS.subject("good", tag(), number)), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.RATING, "good");
        TicketAttributes.set(mail, TicketAttributes.FIRST_RATING, true);
        return mail;
    }

    // ---- the ticket in the store

    private String tag() {
        return "Ticket [" + number + "]";
    }

    private NewHistoryEntry byAlice() {
        return new NewHistoryEntry(Direction.OUT, true, "alice@helpdesk.test", tag(), "", null, null, null, List.of());
    }

    /** Closes the ticket as alice's {@code #close RESOLUTION EPILOGUE} would. */
    private void close(String resolution, String epilogue) {
        f.store.record(Intake.onTicket(number, "<close-" + System.nanoTime() + "@helpdesk.test>", byAlice())
                .withCommands(new Commands("alice", false, StatusMap.defaults(),
                        List.of(new Commands.Requested("#close", new TicketChange.Close(resolution, epilogue))))));
    }

    private void addRecipients(Recipient... recipients) {
        f.store.record(Intake.onTicket(number, "<add-" + System.nanoTime() + "@helpdesk.test>", byAlice())
                .withRecipients(List.of(recipients)));
    }

    private HistoryEntry lastEntry() {
        List<HistoryEntry> history = f.store.history(number);
        return history.get(history.size() - 1);
    }

    // ---- the mailet and what it sends

    private AlertCustomers mailet(String... parameters) throws Exception {
        return f.init(new AlertCustomers(f.store, f.directories, Fixtures.GATEWAY, TOKENS), parameters);
    }

    private AlertCustomers defaults() throws Exception {
        return mailet();
    }

    /** The one alert {@code mailet} sends for {@code mail}. */
    private FakeMailContext.SentMail alert(AlertCustomers mailet, FakeMail mail) throws Exception {
        mailet.service(mail);
        assertThat(f.context.getSentMails()).hasSize(1);
        return f.context.getSentMails().get(0);
    }

    private MimeMessage acknowledgment() throws Exception {
        return alert(defaults(), openedByDana()).getMsg();
    }

    private static List<String> envelope(FakeMailContext.SentMail sent) {
        return sent.getRecipients().stream().map(MailAddress::asString).toList();
    }

    private static List<String> header(MimeMessage m, RecipientType type) throws Exception {
        return m.getRecipients(type) == null ? List.of()
                : Arrays.stream(m.getRecipients(type)).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static List<String> mailtoLinks(MimeMessage m) throws Exception {
        List<String> links = new ArrayList<>();
        Matcher matcher = MAILTO.matcher((String) m.getContent());
        while (matcher.find()) {
            links.add(matcher.group());
        }
        return links;
    }

    private static String subjectOf(String mailto) {
        return URLDecoder.decode(mailto.substring(mailto.indexOf("?subject=") + "?subject=".length()), StandardCharsets.UTF_8);
    }

    // ---- acknowledgment of a new ticket

    @Test
    void serviceShouldSendAcknowledgmentToTheCustomerFromTheSupportAddress() throws Exception {
        FakeMailContext.SentMail sent = alert(defaults(), openedByDana());

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
        assertThat(sent.getSender().asString()).isEqualTo(SUPPORT);
        assertThat(sent.getMsg().getRecipients(RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).toUnicodeString()).containsExactly("Dana Customer <dana@acme.test>");
    }

    @Test
    void serviceShouldPutTheTicketsSubjectAndTagInTheAcknowledgmentsSubject() throws Exception {
        assertThat(acknowledgment().getSubject()).isEqualTo("Received: Printer broken Ticket [" + number + "]");
    }

    @Test
    void serviceShouldSendAcknowledgmentFromSupportNameAndAddress() throws Exception {
        assertThat(((InternetAddress) acknowledgment().getFrom()[0]).toUnicodeString()).isEqualTo("Support <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldSetReplyToSupportAddress() throws Exception {
        assertThat(acknowledgment().getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
    }

    @Test
    void serviceShouldMarkAcknowledgmentAsAutoReply() throws Exception {
        assertThat(acknowledgment().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void serviceShouldThreadAcknowledgmentUnderTheCustomersMail() throws Exception {
        MimeMessage ack = acknowledgment();

        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(ORIGINAL_ID);
        assertThat(ack.getHeader("References", null)).isEqualTo(ORIGINAL_ID);
    }

    @Test
    void serviceShouldFillTheBuiltInAcknowledgmentTemplate() throws Exception {
        assertThat(acknowledgment().getContent()).isEqualTo("Hello Dana Customer,\n\nwe received your request and opened Ticket [" + number
                + "] for it.\nReply to this mail to add to the ticket, and keep \"Ticket [" + number + "]\" in the subject.\n\nSupport\n");
    }

    @Test
    void serviceShouldRecordAcknowledgmentInTheTicketsHistory() throws Exception {
        MimeMessage ack = acknowledgment();

        List<HistoryEntry> history = f.store.history(number);
        assertThat(history).hasSize(2);
        HistoryEntry h = history.get(1);
        assertThat(h).isEqualTo(new HistoryEntry(h.id(), number, CLOCK.instant(), Direction.OUT, true, "Support <" + SUPPORT + ">",
                "Received: Printer broken Ticket [" + number + "]", ((String) ack.getContent()).strip(),
                "automatic acknowledgment of the new ticket", ack.getMessageID()));
    }

    @Test
    void serviceShouldMapAcknowledgmentsMessageIdToTheTicket() throws Exception {
        MimeMessage ack = acknowledgment();

        assertThat(f.messageIds.ticketFor(ack.getMessageID())).contains(number);
    }

    @Test
    void serviceShouldSendAcknowledgmentToRelayProcessor() throws Exception {
        assertThat(alert(defaults(), openedByDana()).getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldSendAcknowledgmentToConfiguredRelayProcessor() throws Exception {
        assertThat(alert(mailet("relayProcessor", "outgoing"), openedByDana()).getState()).isEqualTo("outgoing");
    }

    @Test
    void serviceShouldAcknowledgeUnknownSenderByDefault() throws Exception {
        FakeMailContext.SentMail sent = alert(defaults(), opened("stranger@nowhere.test", SenderKind.UNKNOWN, null));

        assertThat(envelope(sent)).containsExactly("stranger@nowhere.test");
    }

    @Test
    void serviceShouldAcknowledgeUnknownSenderWhenCreatedIsAll() throws Exception {
        FakeMailContext.SentMail sent = alert(mailet("created", "all"), opened("stranger@nowhere.test", SenderKind.UNKNOWN, null));

        assertThat(envelope(sent)).containsExactly("stranger@nowhere.test");
    }

    @Test
    void serviceShouldAcknowledgeCustomerWhenCreatedIsKnown() throws Exception {
        FakeMailContext.SentMail sent = alert(mailet("created", "known"), openedByDana());

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
    }

    @Test
    void serviceShouldNotAcknowledgeUnknownSenderWhenCreatedIsKnown() throws Exception {
        mailet("created", "known").service(opened("stranger@nowhere.test", SenderKind.UNKNOWN, null));

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @Test
    void serviceShouldNotAcknowledgeWhenCreatedIsOff() throws Exception {
        mailet("created", "off").service(openedByDana());

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @Test
    void initShouldReadCreatedInAnyCase() throws Exception {
        mailet("created", " OFF ").service(openedByDana());

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotAcknowledgeTicketAnEmployeeOpened() throws Exception {
        defaults().service(opened("alice@helpdesk.test", SenderKind.EMPLOYEE, "alice"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotAcknowledgeMailThatOpenedNoTicket() throws Exception {
        defaults().service(recorded(message("Dana Customer <dana@acme.test>", "Re: " + tag()), SenderKind.CUSTOMER, "acme"));

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"frank@helpdesk.test", "gina@helpdesk.test", "desk@helpdesk.test", SUPPORT})
    void serviceShouldNotAcknowledgeWhenSenderAddressBelongsToTheHelpDesk(String address) throws Exception {
        // inactive, without the email privilege, shared, the support address: IdentifySender calls them all unknown.
        defaults().service(opened(address, SenderKind.UNKNOWN, null));

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @Test
    void serviceShouldNotAcknowledgeWhenSenderAddressCannotBeDeliveredTo() throws Exception {
        // James' parser refuses the address, so the builder gets it as a raw header.
        defaults().service(opened(MimeMessageBuilder.mimeMessageBuilder().addHeader("From", "taro..yamada@docomo.ne.jp")
                .addToRecipient(SUPPORT).setSubject("Printer broken").setText("Hello."), SenderKind.UNKNOWN, null));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldShapeAcknowledgmentByTemplateFile(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("acknowledgment.txt"),
                "Subject: [_incident_id_] _incident_title_\n\nDear _fullname_, see _tag_. -- _sitename_ <_support_address_>\n");
        Gateway acmeDesk = new Gateway(List.of(SUPPORT), "Acme Desk", TicketTag.defaults(), Optional.empty());
        AlertCustomers mailet = f.init(new AlertCustomers(f.store, f.directories, acmeDesk, TOKENS), "templates", templates.toString());

        MimeMessage ack = alert(mailet, opened("dana@acme.test", SenderKind.CUSTOMER, "acme")).getMsg();

        assertThat(ack.getSubject()).isEqualTo("[" + number + "] Printer broken Ticket [" + number + "]");
        assertThat(ack.getContent()).isEqualTo("Dear dana@acme.test, see Ticket [" + number + "]. -- Acme Desk <" + SUPPORT + ">\n");
    }

    @Test
    void serviceShouldSendAcknowledgmentAsTextAndHtmlWhenTemplatesHaveAnHtmlPart(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("acknowledgment.txt"), "Subject: Received _tag_\n\nHello _fullname_\n");
        Files.writeString(templates.resolve("acknowledgment.html"), "<p>Hello <b>_fullname_</b></p>\n");

        MimeMessage ack = alert(mailet("templates", templates.toString()), openedByDana()).getMsg();

        MimeMultipart parts = (MimeMultipart) ack.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hello Dana Customer\n");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hello <b>Dana Customer</b></p>\n");
    }

    @Test
    void serviceShouldUseBuiltInTemplatesTheTemplatesDirectoryLacks(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("acknowledgment.txt"), "Subject: Got it\n\nThanks.\n");

        MimeMessage closure = alert(mailet("templates", templates.toString()), closedByAlice()).getMsg();

        assertThat(closure.getSubject()).isEqualTo("Closed: Printer broken Ticket [" + number + "]");
    }

    @Test
    void initShouldRefuseTemplateWithPlaceholdersOfEarlierVersions(@TempDir Path templates) throws Exception {
        // AcknowledgeNewTicket's template, as an upgrade finds it.
        Files.writeString(templates.resolve("acknowledgment.txt"),
                "Subject: [{number}] {subject}\n\nDear {name}, see {tag}. -- {fromName} <{supportAddress}>\n");

        assertThatThrownBy(() -> mailet("templates", templates.toString())).hasMessage("conf/templates/acknowledgment.txt line 1:"
                + " {number} is a placeholder of earlier versions; use the macros, e.g. _incident_id_, _tag_, _incident_title_, _fullname_");
    }

    @Test
    void initShouldRefuseTemplateWithoutSubjectLine(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("closure.txt"), "Hello _fullname_\n");

        assertThatThrownBy(() -> mailet("templates", templates.toString())).hasMessage("conf/templates/closure.txt line 1:"
                + " the first line must be 'Subject: ...', e.g. 'Subject: _tag_ _incident_title_'");
    }

    @Test
    void initShouldRefuseTemplateWithUnknownMacro(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("status-change.txt"), "Subject: _tag_\n\nNow _state_.\n");

        assertThatThrownBy(() -> mailet("templates", templates.toString()))
                .hasMessageStartingWith("conf/templates/status-change.txt line 3: _state_ is not a macro; macros are ");
    }

    @Test
    void initShouldRefuseTheTemplateParameterOfAcknowledgeNewTicket() {
        assertThatThrownBy(() -> mailet("template", "/etc/ticketmail/templates/acknowledgment.txt"))
                .hasMessage("mailetcontainer.xml: AlertCustomers has no parameter 'template';"
                        + " it takes closed, created, relayProcessor, statusChanged, templates");
    }

    @Test
    void initShouldRefuseCreatedThatIsNotAllKnownOrOff() {
        assertThatThrownBy(() -> mailet("created", "customers"))
                .hasMessage("mailetcontainer.xml: AlertCustomers created 'customers' is not all, known or off");
    }

    @Test
    void initShouldRefuseClosedThatIsNoBoolean() {
        assertThatThrownBy(() -> mailet("closed", "sometimes"))
                .hasMessage("mailetcontainer.xml: AlertCustomers closed 'sometimes' is not true or false");
    }

    @Test
    void initShouldRefuseStatusChangedThatIsNoBoolean() {
        assertThatThrownBy(() -> mailet("statusChanged", "1"))
                .hasMessage("mailetcontainer.xml: AlertCustomers statusChanged '1' is not true or false");
    }

    @Test
    void serviceShouldRefuseMailThatRecordHistoryDidNotRecord() throws Exception {
        AlertCustomers mailet = defaults();
        FakeMail bare = Fixtures.from(mail(message("dana@acme.test", "x")), SenderKind.CUSTOMER, "acme");

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("AlertCustomers needs the mail attribute ticketmail.recorded, which"
                + " RecordHistory sets; put RecordHistory before AlertCustomers in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void requiredProcessingStateShouldBeTheRelayProcessor() throws Exception {
        assertThat(defaults().requiredProcessingState()).containsExactly(new ProcessingState("relay"));
    }

    @Test
    void requiredProcessingStateShouldBeTheConfiguredRelayProcessor() throws Exception {
        assertThat(mailet("relayProcessor", "outgoing").requiredProcessingState()).containsExactly(new ProcessingState("outgoing"));
    }

    // ---- closure alert

    @Test
    void serviceShouldSendClosureAlertToTheTicketsCustomer() throws Exception {
        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
        assertThat(header(sent.getMsg(), RecipientType.TO)).containsExactly("dana@acme.test");
        assertThat(sent.getSender().asString()).isEqualTo(SUPPORT);
        assertThat(sent.getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldSendClosureAlertToExternalToAndCcInTheirHeadersAndBccInTheEnvelopeOnly() throws Exception {
        addRecipients(Recipient.external("ed@gmail.test", RecipientKind.TO), Recipient.external("boss@acme.test", RecipientKind.CC),
                Recipient.external("auditor@partner.test", RecipientKind.BCC));

        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).containsExactlyInAnyOrder("dana@acme.test", "ed@gmail.test", "boss@acme.test", "auditor@partner.test");
        assertThat(header(sent.getMsg(), RecipientType.TO)).containsExactly("dana@acme.test", "ed@gmail.test");
        assertThat(header(sent.getMsg(), RecipientType.CC)).containsExactly("boss@acme.test");
        assertThat(sent.getMsg().getHeader("Bcc")).isNull();
    }

    /** Takes dana off the ticket, leaving {@code recipients} as its external recipients. */
    private void replaceDanaBy(Recipient... recipients) {
        f.store.record(Intake.onTicket(number, "<rm-" + System.nanoTime() + "@helpdesk.test>", byAlice()).withRecipients(List.of(recipients))
                .withCommands(new Commands("alice", false, StatusMap.defaults(), List.of(
                        new Commands.Requested("#remove dana@acme.test", new TicketChange.RemoveRecipient("dana@acme.test"))))));
    }

    @Test
    void serviceShouldShowSupportAddressInToWhenClosureAlertGoesToBccRecipientsOnly() throws Exception {
        replaceDanaBy(Recipient.external("auditor@partner.test", RecipientKind.BCC));

        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).containsExactly("auditor@partner.test");
        assertThat(header(sent.getMsg(), RecipientType.TO)).containsExactly(SUPPORT);
        assertThat(sent.getMsg().getHeader("Bcc")).isNull();
    }

    /**
     * With no external To recipient, Cc recipients stay in Cc and To shows the support address, as
     * DistributeToRecipients shows them.
     */
    @Test
    void serviceShouldKeepCcRecipientsInCcWhenTheTicketHasNoToRecipient() throws Exception {
        replaceDanaBy(Recipient.external("boss@acme.test", RecipientKind.CC));

        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).containsExactly("boss@acme.test");
        assertThat(header(sent.getMsg(), RecipientType.CC)).containsExactly("boss@acme.test");
        assertThat(header(sent.getMsg(), RecipientType.TO)).containsExactly(SUPPORT);
    }

    @Test
    void serviceShouldNotSendClosureAlertToEmployees() throws Exception {
        addRecipients(Recipient.employee("dave", "dave@helpdesk.test"));

        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).doesNotContain("alice@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test", "dave@helpdesk.test");
    }

    @Test
    void serviceShouldNotSendClosureAlertToHelpDeskAddressesListedAsExternal() throws Exception {
        addRecipients(Recipient.external("desk@helpdesk.test", RecipientKind.CC), Recipient.external("frank@helpdesk.test", RecipientKind.CC),
                Recipient.external(SUPPORT, RecipientKind.BCC));

        FakeMailContext.SentMail sent = alert(defaults(), closedByAlice());

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
    }

    @Test
    void serviceShouldSendNoClosureAlertWhenTheTicketHasNoCustomer() throws Exception {
        replaceDanaBy();

        defaults().service(closedByAlice());

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldFillTheBuiltInClosureTemplate() throws Exception {
        MimeMessage closure = alert(defaults(), closedByAlice()).getMsg();

        assertThat(closure.getSubject()).isEqualTo("Closed: Printer broken Ticket [" + number + "]");
        assertThat((String) closure.getContent()).startsWith("Hello Dana Customer,\n\nTicket [" + number + "] is closed. Resolution: solved\n\n"
                + "Replaced the toner.\n\nHow did we do?").endsWith("A reply to this mail reopens the ticket.\n\nSupport\n");
    }

    @Test
    void serviceShouldPutAGoodAndABadRatingLinkInTheClosureAlert() throws Exception {
        List<String> links = mailtoLinks(alert(defaults(), closedByAlice()).getMsg());

        assertThat(links).containsExactly(TOKENS.mailto(SUPPORT, "good", tag(), number), TOKENS.mailto(SUPPORT, "bad", tag(), number));
    }

    @Test
    void serviceShouldWriteRatingLinksWhoseSubjectsCarryRatingTicketAndValidCode() throws Exception {
        List<String> links = mailtoLinks(alert(defaults(), closedByAlice()).getMsg());

        assertThat(links).hasSize(2).allSatisfy(link -> assertThat(link).startsWith("mailto:" + SUPPORT + "?subject="));
        List<String> subjects = links.stream().map(AlertCustomersTest::subjectOf).toList();
        assertThat(subjects).extracting(s -> RatingTokens.find(s).orElseThrow().value()).containsExactly("good", "bad");
        assertThat(subjects).allSatisfy(s -> {
            assertThat(Fixtures.GATEWAY.tag().find(s)).contains(number);
            assertThat(TOKENS.valid(number, RatingTokens.find(s).orElseThrow().code())).isTrue();
        });
    }

    @Test
    void serviceShouldPutRatingLinksInTheHtmlPartOfTheClosureAlert(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("closure.html"), "<p><a href=\"_rating_good_\">Good</a> <a href=\"_rating_bad_\">Bad</a></p>\n");

        MimeMultipart parts = (MimeMultipart) alert(mailet("templates", templates.toString()), closedByAlice()).getMsg().getContent();

        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p><a href=\"" + TOKENS.mailto(SUPPORT, "good", tag(), number)
                + "\">Good</a> <a href=\"" + TOKENS.mailto(SUPPORT, "bad", tag(), number) + "\">Bad</a></p>\n");
    }

    @Test
    void serviceShouldRecordClosureAlertInTheTicketsHistory() throws Exception {
        MimeMessage closure = alert(defaults(), closedByAlice()).getMsg();

        HistoryEntry h = lastEntry();
        assertThat(h).isEqualTo(new HistoryEntry(h.id(), number, CLOCK.instant(), Direction.OUT, true, "Support <" + SUPPORT + ">",
                closure.getSubject(), ((String) closure.getContent()).strip().replaceAll("mailto:\\S+", "(rating link)"),
                "automatic closure alert", closure.getMessageID()));
        assertThat(h.text()).doesNotContain(TOKENS.code(number)); // the codes stay in the customer's hands
        assertThat(f.messageIds.ticketFor(closure.getMessageID())).contains(number);
    }

    @Test
    void serviceShouldMarkClosureAlertAsAutoReplyFromSupport() throws Exception {
        MimeMessage closure = alert(defaults(), closedByAlice()).getMsg();

        assertThat(((InternetAddress) closure.getFrom()[0]).toUnicodeString()).isEqualTo("Support <" + SUPPORT + ">");
        assertThat(closure.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
        assertThat(closure.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void serviceShouldSendNoClosureAlertWhenClosedIsFalse() throws Exception {
        mailet("closed", "false").service(closedByAlice());

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendNoAlertWhenTheCommandsWereRefused() throws Exception {
        FakeMail mail = closedByAlice();
        TicketAttributes.set(mail, TicketAttributes.REFUSED, "#close\nonly the ticket's manager may close it");

        mailet("statusChanged", "true").service(mail);

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendNoAlertWhenEmployeeMailMovedNoStatus() throws Exception {
        mailet("statusChanged", "true").service(recorded(message("alice@helpdesk.test", "Re: " + tag()), SenderKind.EMPLOYEE, "alice"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendClosureAlertForTheCloseRecordHistoryRecorded() throws Exception {
        // The contract between the two steps: RecordHistory's ticketmail.statusChange is what AlertCustomers reads.
        RecordHistory history = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, StatusMap.defaults()));
        FakeMail mail = Fixtures.from(mail(message("alice@helpdesk.test", "Re: " + tag()).addHeader("Message-ID", "<close@helpdesk.test>")),
                SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        TicketAttributes.set(mail, TicketAttributes.TEXT, "Done.");
        TicketAttributes.set(mail, TicketAttributes.COMMANDS, "#close solved Replaced the toner.");
        history.service(mail);

        FakeMailContext.SentMail sent = alert(defaults(), mail);

        assertThat(TicketAttributes.string(mail, TicketAttributes.STATUS_CHANGE)).contains("new closed");
        assertThat(envelope(sent)).containsExactly("dana@acme.test");
        assertThat(sent.getMsg().getSubject()).isEqualTo("Closed: Printer broken Ticket [" + number + "]");
    }

    // ---- other status changes

    @Test
    void serviceShouldSendNoStatusAlertByDefault() throws Exception {
        f.store.setState(number, TicketStatus.ASSIGNED, false);

        defaults().service(movedByAlice("new assigned"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendStatusAlertToTheCustomerWhenStatusChangedIsOn() throws Exception {
        f.store.setState(number, TicketStatus.ASSIGNED, false);

        FakeMailContext.SentMail sent = alert(mailet("statusChanged", "true"), movedByAlice("new assigned"));

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
        assertThat(sent.getMsg().getSubject()).isEqualTo("Now assigned: Printer broken Ticket [" + number + "]");
        assertThat(sent.getMsg().getContent()).isEqualTo("Hello Dana Customer,\n\nTicket [" + number + "] is now assigned.\n\nSupport\n");
    }

    @Test
    void serviceShouldRecordStatusAlertInTheTicketsHistory() throws Exception {
        f.store.setState(number, TicketStatus.ASSIGNED, false);

        MimeMessage status = alert(mailet("statusChanged", "true"), movedByAlice("new assigned")).getMsg();

        assertThat(lastEntry().note()).isEqualTo("automatic status alert");
        assertThat(lastEntry().messageId()).isEqualTo(status.getMessageID());
    }

    @Test
    void serviceShouldSendNoStatusAlertWhenACustomerReopensTheTicket() throws Exception {
        f.store.setState(number, TicketStatus.REOPENED, true);
        FakeMail reply = recorded(message("Dana Customer <dana@acme.test>", "Re: " + tag()), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(reply, TicketAttributes.STATUS_CHANGE, "closed reopened");

        mailet("statusChanged", "true").service(reply);

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendClosureAlertNotStatusAlertWhenTicketIsClosedAndBothAreOn() throws Exception {
        MimeMessage sent = alert(mailet("statusChanged", "true"), closedByAlice()).getMsg();

        assertThat(sent.getSubject()).startsWith("Closed: ");
    }

    @Test
    void serviceShouldSendNoStatusAlertWhenOnlyTheClosureAlertIsOff() throws Exception {
        f.store.setState(number, TicketStatus.ASSIGNED, false);

        mailet("closed", "false").service(movedByAlice("new assigned"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    // ---- thanks for a rating

    @Test
    void serviceShouldThankTheCustomerForTheFirstRating() throws Exception {
        FakeMailContext.SentMail sent = alert(defaults(), firstRatingByDana());

        assertThat(envelope(sent)).containsExactly("dana@acme.test");
        assertThat(sent.getMsg().getSubject()).isEqualTo("Thank you: Printer broken Ticket [" + number + "]");
        assertThat(lastEntry().note()).isEqualTo("thanks for the rating");
    }

    @Test
    void serviceShouldNotThankForALaterRating() throws Exception {
        FakeMail later = firstRatingByDana();
        later.removeAttribute(TicketAttributes.FIRST_RATING.name());

        defaults().service(later);

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldThankOnlyOnceWhenTheCustomerRatesTwice() throws Exception {
        // ReadRating, RecordHistory and AlertCustomers in pipeline order, twice.
        f.store.setState(number, TicketStatus.CLOSED, false);
        ReadRating read = f.init(new ReadRating(f.store, Fixtures.GATEWAY, TOKENS));
        RecordHistory history = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, StatusMap.defaults()));
        AlertCustomers alerts = defaults();
        for (String rating : List.of("good", "bad")) {
            FakeMail mail = Fixtures.from(mail(message("Dana Customer <dana@acme.test>", TOKENS.subject(rating, tag(), number))
                    .addHeader("Message-ID", "<rate-" + rating + "@acme.test>")), SenderKind.CUSTOMER, "acme");
            read.service(mail);
            TicketAttributes.set(mail, TicketAttributes.TEXT, "Quick, thanks.");
            history.service(mail);
            alerts.service(mail);
        }

        assertThat(f.context.getSentMails()).hasSize(1);
        assertThat(f.context.getSentMails().get(0).getMsg().getSubject()).startsWith("Thank you: ");
        assertThat(f.store.ticket(number).orElseThrow().rating()).isEqualTo("bad");
    }

    @Test
    void serviceShouldNotThankAHelpDeskAddressForARating() throws Exception {
        FakeMail mail = firstRatingByDana();
        mail.getMessage().setFrom(new InternetAddress("desk@helpdesk.test"));
        mail.getMessage().saveChanges();

        defaults().service(mail);

        assertThat(f.context.getSentMails()).isEmpty();
    }
}
