package org.ticketmail.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class LinePrefilterTest {
    @Test
    void literalAlternativesAfterSkipClassShouldGateLines() {
        LinePrefilter f = LinePrefilter.of("(?im)^[ \\t>]*(?:On|Le)[ \\t]wrote");

        assertThat(f.mayMatch("x\n  > on Monday", 2)).isTrue();
        assertThat(f.mayMatch("LE lundi", 0)).isTrue();
        assertThat(f.mayMatch("Hello", 0)).isFalse();
    }

    @Test
    void repeatedLiteralShouldNeedOneOccurrence() {
        LinePrefilter f = LinePrefilter.of("^[ \\t]*_{10,}[ \\t]*$");

        assertThat(f.mayMatch("   ____", 0)).isTrue();
        assertThat(f.mayMatch("text", 0)).isFalse();
    }

    @Test
    void leadingLookaheadShouldGateOnItsCharacter() {
        LinePrefilter f = LinePrefilter.of("(?m)^(?=[^\\d\\n]{0,12}\\d)[^\\n]*:$");

        assertThat(f.mayMatch("On 2 Nov:", 0)).isTrue();
        assertThat(f.mayMatch("A long sentence with 2 late", 0)).isFalse();
    }

    @Test
    void caseInsensitiveRulesShouldFoldSkipClassAndGateToo() {
        assertThat(LinePrefilter.of("(?i)^[x]*From").mayMatch("XFrom", 0)).isTrue();
        assertThat(LinePrefilter.of("(?i)^(?=[^\\n]{0,5}b)").mayMatch("aB", 0)).isTrue();
    }

    @Test
    void rulesTheFilterCannotReadSafelyShouldHaveNone() {
        assertThat(LinePrefilter.of("^--[ \\t]*$|^_{5,}")).as("top-level alternation").isNull();
        assertThat(LinePrefilter.of("(?x)^ From :")).as("comments mode").isNull();
        assertThat(LinePrefilter.of("^(?:On(?i)|from)")).as("flags inside alternatives").isNull();
        assertThat(LinePrefilter.of("(?iu)^kelvin")).as("Unicode case folding").isNull();
        assertThat(LinePrefilter.of("^a\uD83D\uDE00?b")).as("surrogate pairs").isNull();
    }

    @Test
    void unknownShapesShouldHaveNoPrefilter() {
        assertThat(LinePrefilter.of("(?i)^[ \\t]*(?:best|kind)?regards")).isNull();
        assertThat(LinePrefilter.of("wrote:$")).isNull();
        assertThat(LinePrefilter.of("^[a-z]+:")).isNull();
        assertThat(LinePrefilter.of("^(?:On|Le)?x")).isNull();
    }

    /** The prefilter only skips work: wherever a predefined rule matches a line, its prefilter lets it. */
    @Test
    void prefilterShouldPassEveryLineItsRuleMatchesInBothCorpora() throws IOException {
        List<String> texts = new ArrayList<>();
        Path corpora = ReplyCorpusBenchmark.findCorpus().getParent();
        try (Stream<Path> files = Files.walk(corpora)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(txt|eml)$")).toList()) {
                texts.add(MailText.bestEffort(Files.readAllBytes(p)).replace("\r\n", "\n"));
            }
        }
        int checked = 0;
        for (QuoteRule rule : QuoteRules.defaults().rules()) {
            LinePrefilter f = LinePrefilter.of(rule.pattern().pattern());
            if (f == null) {
                continue;
            }
            for (String text : texts) {
                Matcher m = rule.pattern().matcher(text);
                m.useTransparentBounds(true);
                for (int start = 0; start < text.length(); ) {
                    m.region(start, text.length());
                    if (m.lookingAt()) {
                        assertThat(f.mayMatch(text, start)).as("%s at %s", rule.name(), text.substring(start, Math.min(text.length(), start + 60)))
                                .isTrue();
                        checked++;
                    }
                    int newline = text.indexOf('\n', start);
                    start = newline < 0 ? text.length() : newline + 1;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
