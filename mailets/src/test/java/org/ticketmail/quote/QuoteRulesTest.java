package org.ticketmail.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuoteRulesTest {
    private static String strip(String rules, String text) {
        return new QuoteStripper(QuoteRules.parse(rules, "rules.txt")).strip(text).text();
    }

    @Test
    void cutFromShouldRemoveMatchAndRest() {
        assertThat(strip("cut-from sep ^=== old ===$", "new\n=== old ===\nold\n")).isEqualTo("new");
    }

    @Test
    void cutMatchShouldRemoveOnlyMatches() {
        assertThat(strip("cut-match disclaimer \\[EXTERNAL\\] ?", "[EXTERNAL] Hello\nbye [EXTERNAL]")).isEqualTo("Hello\nbye");
    }

    @Test
    void cutLinesShouldRemoveMatchingLines() {
        assertThat(strip("cut-lines quoted ^>", "answer\n> quoted\nmore")).isEqualTo("answer\nmore");
    }

    @Test
    void rulesShouldRunInOrder() {
        assertThat(strip("cut-lines quoted ^>\ncut-from sig ^--$", "a\n> b\n--\nsig")).isEqualTo("a");
    }

    @Test
    void ruleWithTopLevelAlternationShouldMatchAnywhereItsSecondBranchMatches() {
        assertThat(strip("cut-from sig ^--[ \\t]*$|^_{5,}", "Hi\n_____\nquote")).isEqualTo("Hi");
        assertThat(strip("cut-from a ^--|Regards", "Hi\nBest Regards\nBob")).isEqualTo("Hi\nBest");
    }

    @Test
    void onlyNewlineShouldEndALine() {
        assertThat(strip("cut-from s ^Thanks", "Hi\u2028Thanks")).isEqualTo("Hi\u2028Thanks");
        assertThat(strip("cut-from w ^On .* wrote:$", "New\nOn Mon \u0085 Bob wrote:\n> old")).isEqualTo("New");
    }

    @Test
    void cutFromGroupShouldCutAtEarliestMatchWhateverTheOrder() {
        String text = "Hi\nX On Monday -- Bob wrote:";
        assertThat(strip("cut-from a --\ncut-from b On .*wrote:", text)).isEqualTo("Hi\nX");
        assertThat(strip("cut-from b On .*wrote:\ncut-from a --", text)).isEqualTo("Hi\nX");
    }

    @Test
    void strippingShouldNeverEmptyAReplyWithText() {
        Stripped s = new QuoteStripper(QuoteRules.parse("cut-from all ^", "rules.txt")).strip("only text\n");

        assertThat(s.text()).isEqualTo("only text");
        assertThat(s.note()).isEqualTo("the quote rules would have removed all text; the full text is kept");
    }

    @Test
    void commentsAndBlankLinesShouldBeIgnored() {
        assertThat(QuoteRules.parse("# comment\n\n   \ncut-from a ^x", "r").rules()).hasSize(1);
    }

    @Test
    void lineWithoutRegexShouldBeRefusedWithLineNumber() {
        assertThatThrownBy(() -> QuoteRules.parse("# c\ncut-from lonely", "conf/quote-rules.txt"))
                .hasMessage("conf/quote-rules.txt line 2: expected 'ACTION NAME REGEX', e.g. 'cut-from gmail ^On .* wrote:$'");
    }

    @Test
    void unknownActionShouldBeRefused() {
        assertThatThrownBy(() -> QuoteRules.parse("cut-everything x y", "conf/quote-rules.txt"))
                .hasMessage("conf/quote-rules.txt line 1: action 'cut-everything' is not one of cut-from, cut-match, cut-lines");
    }

    @Test
    void shippedSampleShouldEqualBuiltInRules() throws Exception {
        java.nio.file.Path sample = null;
        for (java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.isRegularFile(p.resolve("conf/quote-rules.txt"))) {
                sample = p.resolve("conf/quote-rules.txt");
                break;
            }
        }
        assertThat(sample).as("conf/quote-rules.txt").isNotNull();
        try (java.io.InputStream in = QuoteRules.class.getResourceAsStream(QuoteRules.DEFAULT_RESOURCE)) {
            assertThat(java.nio.file.Files.readString(sample)).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void predefinedRulesShouldHandleClientsOfEveryFamily() {
        QuoteStripper s = new QuoteStripper(QuoteRules.defaults());
        String[][] cases = {
            {"Outlook (German)", "Neu.\n\nVon: Support <s@h.test>\nGesendet: Montag, 2. November 2026 10:00\nAn: Dana\nBetreff: x\n\nAlt."},
            {"Outlook (Spanish)", "Nuevo.\n\nDe: Support <s@h.test>\nEnviado el: lunes, 2 de noviembre de 2026 10:00\nPara: Dana\n\nViejo."},
            {"Outlook (Dutch)", "Nieuw.\n\nVan: Support <s@h.test>\nVerzonden: maandag 2 november 2026 10:00\nAan: Dana\n\nOud."},
            {"Outlook (Portuguese)", "Novo.\n\nDe: Support <s@h.test>\nEnviada em: segunda-feira, 2 de novembro de 2026 10:00\nPara: Dana\n\nVelho."},
            {"new Outlook / OWA", "New.\n\n________________________________\nFrom: Support <s@h.test>\nSent: Monday\n\nOld."},
            {"Gmail", "New.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Support <s@h.test> wrote:\n\n> Old."},
            {"Apple Mail", "New.\n\n> On 2 Nov 2026, at 10:00, Support <s@h.test> wrote:\n> \n> Old."},
            {"Thunderbird", "New.\n\nOn 02.11.26 10:00, Support wrote:\n> Old."},
            {"Yahoo", "New.\n\n    On Monday, November 2, 2026, 10:00:00 AM GMT+1, Support <s@h.test> wrote:\n\n Old."},
            {"AOL", "New.\n\n-----Original Message-----\nFrom: Support <s@h.test>\nTo: Dana\nSent: Mon, Nov 2, 2026 10:00 am\n\nOld."},
            {"Lotus Notes", "New.\n\nSupport/Helpdesk@Helpdesk wrote on 02.11.2026 10:00:00:\n\n> Old."},
            {"iOS", "New.\n\nSent from my iPhone\n\n> On 2 Nov 2026, at 10:00, Support wrote:"},
            {"Android", "New.\n\nSent from my Galaxy\n"},
            {"forwarded", "New.\n\n---------- Forwarded message ---------\nFrom: Support\n\nOld."},
            {"signature", "New.\n\n-- \nDana Customer\nAcme Corp"},
        };
        for (String[] c : cases) {
            assertThat(s.strip(c[1]).text()).as(c[0]).isEqualTo("New.".replace("New.", c[1].substring(0, c[1].indexOf('\n'))));
        }
    }
}
