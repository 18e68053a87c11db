package org.ticketmail.quote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HtmlTextTest {
    private static final String REPLY = "<p>Works now.</p><p>Thanks <b>a lot</b>!</p>";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "blockquote | <blockquote type=\"cite\"><div>old text</div></blockquote>",
        "gmail_quote | <div class=\"gmail_quote\"><div dir=\"ltr\">On Mon wrote:</div><blockquote>old text</blockquote></div>",
        "divRplyFwdMsg | <hr><div id=\"divRplyFwdMsg\"><b>From:</b> Support<br><b>Sent:</b> Monday</div><div>old text</div>",
        "OutlookMessageHeader | <div class=\"OutlookMessageHeader\">-----Original Message-----<br>From: x</div><div>old text</div>",
        "moz-cite-prefix | <div class=\"moz-cite-prefix\">On 02.11.2026 Support wrote:<br></div><blockquote type=\"cite\">old text</blockquote>",
        "yahoo_quoted | <div class=\"yahoo_quoted\"><div>On Monday, Support wrote:</div><div>old text</div></div>",
        "Outlook desktop border | <div style=\"border:none;border-top:solid #E1E1E1 1.0pt\"><p><b>From:</b> Support<br><b>Sent:</b> Monday</p></div><p>old text</p>"
    })
    void replyTextShouldDropMarkedQuote(String client, String quote) {
        assertThat(HtmlText.replyText("<html><body>" + REPLY + quote + "</body></html>")).isEqualTo("Works now.\n\nThanks a lot!");
    }

    @Test
    void textShouldKeepParagraphsLineBreaksAndListItems() {
        assertThat(HtmlText.text("<div>Line one<br>Line two</div><p>Para</p><ul><li>a</li><li>b</li></ul>"))
                .isEqualTo("Line one\nLine two\n\nPara\n\n- a\n- b");
    }

    @Test
    void textShouldIgnoreStyleAndScript() {
        assertThat(HtmlText.text("<style>p{color:red}</style><script>x()</script><p>Visible&nbsp;text</p>")).isEqualTo("Visible text");
    }
}
