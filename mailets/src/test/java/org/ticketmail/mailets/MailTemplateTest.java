package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailTemplateTest {
    static final String BUILT_IN = "Subject: Built-in _tag_\n\nHello _fullname_.\n";
    static final String MACRO_LIST = "_author_, _changes_, _creation_timestamp_, _epilog_, _fullname_, _incident_id_,"
            + " _incident_main_text_, _incident_title_, _owner_, _priority_, _rating_bad_, _rating_good_, _refusals_, _resolution_, _sitename_,"
            + " _sla_breach_, _sla_detail_, _sla_limit_, _sla_name_, _sla_since_, _status_, _support_address_, _tag_, _time_used_, _update_timestamp_";
    static final Map<String, String> VALUES = Map.of("tag", "Ticket [2611-1000]", "fullname", "Ann");

    @TempDir
    Path dir;

    private void write(String file, String content) throws Exception {
        Files.writeString(dir.resolve(file), content);
    }

    private MailTemplate load() {
        return MailTemplate.load(dir, "confirmation", BUILT_IN);
    }

    @Test
    void loadShouldUseBuiltInWhenThereIsNoFile() {
        assertThat(load().render(VALUES)).isEqualTo(new MailTemplate.Rendered("Built-in Ticket [2611-1000]", "Hello Ann.\n", null));
    }

    @Test
    void loadShouldUseBuiltInWhenNoDirectoryIsConfigured() {
        assertThat(MailTemplate.load(null, "confirmation", BUILT_IN).render(VALUES))
                .isEqualTo(new MailTemplate.Rendered("Built-in Ticket [2611-1000]", "Hello Ann.\n", null));
    }

    @Test
    void loadShouldPreferTheFileToTheBuiltIn() throws Exception {
        write("confirmation.txt", "Subject: Custom _tag_\nDear _fullname_,\ndone.\n");

        assertThat(load().render(VALUES)).isEqualTo(new MailTemplate.Rendered("Custom Ticket [2611-1000]", "Dear Ann,\ndone.\n", null));
    }

    @Test
    void loadShouldIgnoreTheFilesOfOtherTemplates() throws Exception {
        write("acknowledgment.txt", "Subject: Other\n\nOther.\n");

        assertThat(load().render(VALUES).subject()).isEqualTo("Built-in Ticket [2611-1000]");
    }

    @Test
    void loadShouldReadCrlfFile() throws Exception {
        write("confirmation.txt", "Subject: Custom _tag_\r\n\r\nDear _fullname_,\r\ndone.\r\n");

        assertThat(load().render(VALUES)).isEqualTo(new MailTemplate.Rendered("Custom Ticket [2611-1000]", "Dear Ann,\ndone.\n", null));
    }

    @Test
    void loadShouldRefuseFileWithoutSubjectLine() throws Exception {
        write("confirmation.txt", "Hello _fullname_\nSubject: too late\n");

        assertThatThrownBy(this::load).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/templates/confirmation.txt line 1: the first line must be 'Subject: ...', e.g. 'Subject: _tag_ _incident_title_'");
    }

    @Test
    void loadShouldRefuseUnknownMacroNamingFileLineAndMacro() throws Exception {
        write("confirmation.txt", "Subject: _tag_\n\nDear _name_,\n");

        assertThatThrownBy(this::load).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/templates/confirmation.txt line 3: _name_ is not a macro; macros are " + MACRO_LIST);
    }

    @Test
    void loadShouldCountLinesOfCrlfFileWhenRefusingMacro() throws Exception {
        write("confirmation.txt", "Subject: _tag_\r\n\r\nDear _name_,\r\n");

        assertThatThrownBy(this::load).hasMessage("conf/templates/confirmation.txt line 3: _name_ is not a macro; macros are " + MACRO_LIST);
    }

    @Test
    void loadShouldRefuseUnknownMacroInSubject() throws Exception {
        write("confirmation.txt", "Subject: _ticket_\n\nHello.\n");

        assertThatThrownBy(this::load).hasMessage("conf/templates/confirmation.txt line 1: _ticket_ is not a macro; macros are " + MACRO_LIST);
    }

    @Test
    void loadShouldRefuseOldNumberPlaceholderWithItsLine() throws Exception {
        write("confirmation.txt", "Subject: _tag_\n\nYour ticket {number} is open.\n");

        assertThatThrownBy(this::load).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conf/templates/confirmation.txt line 3: {number} is a placeholder of earlier versions; use the macros,"
                        + " e.g. _incident_id_, _tag_, _incident_title_, _fullname_");
    }

    @Test
    void loadShouldRefuseOldPlaceholderInBuiltInNamingTheFileItWouldBe() {
        assertThatThrownBy(() -> MailTemplate.load(dir, "confirmation", "Subject: {subject}\n\nHello.\n"))
                .hasMessage("conf/templates/confirmation.txt line 1: {subject} is a placeholder of earlier versions; use the macros,"
                        + " e.g. _incident_id_, _tag_, _incident_title_, _fullname_");
    }

    @Test
    void loadShouldHaveNoHtmlPartWithoutHtmlFile() {
        assertThat(load().html()).isEmpty();
    }

    @Test
    void loadShouldLoadHtmlPart() throws Exception {
        write("confirmation.html", "<p>Hello _fullname_</p>\n");

        assertThat(load().html()).contains("<p>Hello _fullname_</p>\n");
    }

    @Test
    void renderShouldEscapeValuesInHtmlPart() throws Exception {
        write("confirmation.html", "<p>Hello _fullname_</p>\n<p>_incident_title_</p>\n");
        Map<String, String> values = Map.of("tag", "Ticket [2611-1000]", "fullname", "Ann & \"Bo\" <it>",
                "incident_title", "Line one\nLine two isn't");

        assertThat(load().render(values).html()).isEqualTo("<p>Hello Ann &amp; &quot;Bo&quot; &lt;it&gt;</p>\n"
                + "<p>Line one<br>\nLine two isn&#39;t</p>\n");
    }

    @Test
    void renderShouldNotEscapeValuesInTextPart() throws Exception {
        write("confirmation.html", "<p>Hello _fullname_</p>\n");

        assertThat(load().render(Map.of("fullname", "Ann & <Bo>")).text()).isEqualTo("Hello Ann & <Bo>.\n");
    }

    @Test
    void loadShouldAcceptHtmlFragmentWithoutDoctype() throws Exception {
        write("confirmation.html", "<p>Hello</p>\n<table><tr><td>_tag_</td></tr></table>\n");

        assertThat(load().html()).isPresent();
    }

    @Test
    void loadShouldAcceptWholeHtmlDocument() throws Exception {
        write("confirmation.html", "<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>_tag_</p></body></html>\n");

        assertThat(load().html()).isPresent();
    }

    @Test
    void loadShouldRefuseBrokenHtmlNamingFileAndLine() throws Exception {
        write("confirmation.html", "<p>Hello _fullname_</p>\n<p>Thanks</p>\n</div>\n");

        assertThatThrownBy(this::load).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("conf/templates/confirmation.html line 3: broken HTML (")
                .hasMessageContaining("</div>");
    }

    @Test
    void loadShouldRefuseUnknownMacroInHtmlPart() throws Exception {
        write("confirmation.html", "<p>Hello</p>\n<p>_nme_</p>\n");

        assertThatThrownBy(this::load).hasMessage("conf/templates/confirmation.html line 2: _nme_ is not a macro; macros are " + MACRO_LIST);
    }

    @Test
    void renderShouldFillValuesAndLeaveAbsentOnesEmpty() throws Exception {
        write("confirmation.txt", "Subject: _tag_ _incident_title_\n\nHello _fullname_, owner: _owner_.\n");

        assertThat(load().render(VALUES)).isEqualTo(new MailTemplate.Rendered("Ticket [2611-1000]", "Hello Ann, owner: .\n", null));
    }

    @Test
    void renderShouldTakeNullValueAsEmpty() {
        Map<String, String> values = new HashMap<>(VALUES);
        values.put("fullname", null);

        assertThat(load().render(values).text()).isEqualTo("Hello .\n");
    }

    @Test
    void renderShouldCollapseWhitespaceInSubject() throws Exception {
        write("confirmation.txt", "Subject:   Re:  _incident_title_   _tag_  \n\nx\n");

        assertThat(load().render(Map.of("incident_title", "Printer\n  broken\tagain", "tag", "Ticket [2611-1000]")).subject())
                .isEqualTo("Re: Printer broken again Ticket [2611-1000]");
    }

    @Test
    void renderShouldInsertValuesLiterally() {
        assertThat(load().render(Map.of("fullname", "$1 \\o/ _tag_")).text()).isEqualTo("Hello $1 \\o/ _tag_.\n");
    }

    @Test
    void loadShouldAcceptTheBuiltInTextsOfAnswerSender() {
        assertThat(MailTemplate.load(null, "confirmation", AnswerSender.CONFIRMATION).html()).isEmpty();
        assertThat(MailTemplate.load(null, "command-error", AnswerSender.COMMAND_ERROR).html()).isEmpty();
        assertThat(MailTemplate.load(null, "unverified-sender", AnswerSender.UNVERIFIED).html()).isEmpty();
    }
}
