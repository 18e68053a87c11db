package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ticketmail.quote.QuoteRules;
import org.ticketmail.quote.QuoteStripper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code bin/ticketmail strip}: what an admin runs to test the quote rules on saved mail. */
class StripCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stripShouldPrintReplyOfEmlFile() throws Exception {
        Path eml = dir.resolve("reply.eml");
        Files.writeString(eml, "From: Dana <dana@acme.test>\r\nTo: support@helpdesk.test\r\nSubject: Re: x\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nFixed, thanks!\r\n\r\nOn Tue, Nov 3, 2026 at 9:12 AM Support wrote:\r\n> old\r\n");

        Run r = run("strip", eml.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Fixed, thanks!\n");
    }

    @Test
    void stripJsonShouldMapEveryFileAsGivenToItsText() throws Exception {
        Path body = dir.resolve("body.txt");
        Files.writeString(body, "Top text\n\n-----Original Message-----\nFrom: x\n");
        Path eml = dir.resolve("m.eml");
        Files.writeString(eml, "From: a@b.test\nSubject: s\n\nHello there\n-- \nsig\n");

        Run r = run("strip", "--json", body.toString(), eml.toString());

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get(body.toString()).asText()).isEqualTo("Top text");
        assertThat(json.get(eml.toString()).asText()).isEqualTo("Hello there");
    }

    @Test
    void stripWithoutFileShouldExplainUsage() {
        Run r = run("strip");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ticketmail: strip needs at least one file\nusage:");
    }

    @Test
    void stripShouldReportBadRulesFileWithLine() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "cut-all x ^y\n");
        Path body = dir.resolve("b.txt");
        Files.writeString(body, "x");

        Run r = run("strip", "--rules", rules.toString(), body.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ticketmail: " + rules + " line 1: action 'cut-all' is not one of cut-from, cut-match, cut-lines\n");
    }

    @Test
    void missingFileShouldBeReportedAndOthersStillPrinted() throws Exception {
        Path body = dir.resolve("b.txt");
        Files.writeString(body, "fine");

        Run r = run("strip", "--json", body.toString(), dir.resolve("missing.eml").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("\"fine\"");
        assertThat(r.err()).contains("missing.eml");
    }

    static Stream<Path> mimeCorpus() throws IOException {
        Path corpus = Corpora.dir().resolve("mime");
        try (Stream<Path> files = Files.list(corpus)) {
            List<Path> emls = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            assertThat(emls).as("the mime corpus in %s", corpus).hasSizeGreaterThan(50);
            return emls.stream();
        }
    }

    /** Every odd real message (bounces, TNEF, broken boundaries, legacy charsets) is read without an exception. */
    @ParameterizedTest
    @MethodSource("mimeCorpus")
    void stripShouldHandleEveryMessageOfMimeCorpus(Path eml) throws Exception {
        String text = Main.stripFile(eml, new QuoteStripper(QuoteRules.defaults())).text();

        assertThat(text).isNotNull();
    }
}
