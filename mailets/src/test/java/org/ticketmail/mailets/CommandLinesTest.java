package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Command lines never reach a customer through the HTML part of a copy, whatever the client's markup. */
class CommandLinesTest {
    private static final List<String> LINES = List.of("#priority high", "#time 45m billed twice");

    @Test
    void safeHtmlShouldRemoveCommandsInTheirOwnParagraphs() {
        String html = CommandLines.safeHtml("<p>#priority high</p><p>#time 45m billed twice</p><p>Fixed it.</p>", LINES);

        assertThat(html).doesNotContain("#priority").doesNotContain("billed twice").contains("Fixed it.");
    }

    @Test
    void safeHtmlShouldRemoveCommandsWrittenWithNoBreakSpaces() {
        String html = CommandLines.safeHtml("<div>#priority&nbsp;high</div><div>#time&nbsp;45m billed twice</div><div>Fixed it.</div>", LINES);

        assertThat(html).doesNotContain("#priority").doesNotContain("billed twice").contains("Fixed it.");
    }

    @Test
    void safeHtmlShouldFallBackToTheTextWhenAClientSplitsACommandIntoSpans() {
        String html = CommandLines.safeHtml("<div><span>#priority</span><span> high</span></div><div><span>#time 45m</span>"
                + "<span> billed twice</span></div><div>Fixed <b>it</b>.</div>", LINES);

        assertThat(html).doesNotContain("#priority").doesNotContain("billed twice").contains("Fixed it.");
    }
}
