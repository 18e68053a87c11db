package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RatingTokensTest {
    static final String NUMBER = "2611-1000";
    static final String TAG = "Ticket [2611-1000]";
    static final RatingTokens TOKENS = new RatingTokens(new byte[32]);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void codeShouldBeStableForAKeyAndATicket() {
        assertThat(new RatingTokens(key(7)).code(NUMBER)).isEqualTo(new RatingTokens(key(7)).code(NUMBER));
    }

    @Test
    void codeShouldDifferAcrossTickets() {
        assertThat(TOKENS.code(NUMBER)).isNotEqualTo(TOKENS.code("2611-1001"));
    }

    @Test
    void codeShouldDifferAcrossKeys() {
        assertThat(new RatingTokens(key(1)).code(NUMBER)).isNotEqualTo(new RatingTokens(key(2)).code(NUMBER));
    }

    @Test
    void codeShouldBe22UrlSafeCharacters() {
        assertThat(TOKENS.code(NUMBER)).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void constructorShouldCopyTheKey() {
        byte[] key = key(3);
        RatingTokens tokens = new RatingTokens(key);
        String before = tokens.code(NUMBER);

        Arrays.fill(key, (byte) 4);

        assertThat(tokens.code(NUMBER)).isEqualTo(before);
    }

    @Test
    void constructorShouldRefuseKeyShorterThan16Bytes() {
        assertThatThrownBy(() -> new RatingTokens(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rating key needs at least 16 bytes");
    }

    @Test
    void constructorShouldAcceptKeyOf16Bytes() {
        assertThat(new RatingTokens(new byte[16]).code(NUMBER)).hasSize(22);
    }

    @Test
    void validShouldAcceptTheTicketsCode() {
        assertThat(TOKENS.valid(NUMBER, TOKENS.code(NUMBER))).isTrue();
    }

    @Test
    void validShouldRefuseTheCodeOfAnotherTicket() {
        assertThat(TOKENS.valid(NUMBER, TOKENS.code("2611-1001"))).isFalse();
    }

    @Test
    void validShouldRefuseTheCodeOfAnotherKey() {
        assertThat(TOKENS.valid(NUMBER, new RatingTokens(key(9)).code(NUMBER))).isFalse();
    }

    @Test
    void validShouldRefuseAShortenedCode() {
        assertThat(TOKENS.valid(NUMBER, TOKENS.code(NUMBER).substring(0, 21))).isFalse();
    }

    @Test
    void validShouldRefuseALongerCode() {
        assertThat(TOKENS.valid(NUMBER, TOKENS.code(NUMBER) + "A")).isFalse();
    }

    @Test
    void validShouldRefuseTheCodeInAnotherCase() {
        String code = TOKENS.code(NUMBER);
        String swapped = code.chars().mapToObj(c -> String.valueOf((char) (Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.toUpperCase(c)))).reduce("", String::concat);

        assertThat(swapped).isNotEqualTo(code);
        assertThat(TOKENS.valid(NUMBER, swapped)).isFalse();
    }

    @Test
    void subjectShouldCarryRatingTagAndCode() {
        assertThat(TOKENS.subject("good", TAG, NUMBER)).isEqualTo("Rating: good Ticket [2611-1000] code " + TOKENS.code(NUMBER));
    }

    @Test
    void findShouldReadRatingAndCode() {
        String code = TOKENS.code(NUMBER);

        assertThat(RatingTokens.find("Rating: good Ticket [2611-1000] code " + code)).contains(new RatingTokens.Rating("good", code));
    }

    @Test
    void findShouldReadBadRating() {
        String code = TOKENS.code(NUMBER);

        assertThat(RatingTokens.find("Rating: bad Ticket [2611-1000] code " + code)).contains(new RatingTokens.Rating("bad", code));
    }

    @Test
    void findShouldIgnoreCaseOfTheWordsAndKeepTheCode() {
        String code = TOKENS.code(NUMBER);

        assertThat(RatingTokens.find("RATING: Good ticket [2611-1000] CODE " + code)).contains(new RatingTokens.Rating("good", code));
    }

    @Test
    void findShouldReadRatingFromReplySubject() {
        String code = TOKENS.code(NUMBER);

        assertThat(RatingTokens.find("Re: Rating: bad Ticket [2611-1000] code " + code)).contains(new RatingTokens.Rating("bad", code));
    }

    @Test
    void findShouldReadWhatSubjectWrote() {
        assertThat(RatingTokens.find(TOKENS.subject("good", TAG, NUMBER))).contains(new RatingTokens.Rating("good", TOKENS.code(NUMBER)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Printer broken Ticket [2611-1000]", "Closed: Printer broken Ticket [2611-1000]",
            "Rating: good Ticket [2611-1000]", "Rating: fine Ticket [2611-1000] code AAAAAAAAAAAAAAAAAAAAAA",
            "Rating: good Ticket [2611-1000] code short", ""})
    void findShouldFindNothingWhenSubjectCarriesNoRating(String subject) {
        assertThat(RatingTokens.find(subject)).isEmpty();
    }

    @Test
    void findShouldFindNothingInNoSubject() {
        assertThat(RatingTokens.find(null)).isEmpty();
    }

    @Test
    void mailtoShouldLinkToSupportWithTheSubjectEncodedAndSpacesAsPercent20() {
        assertThat(TOKENS.mailto(Fixtures.SUPPORT, "good", TAG, NUMBER)).isEqualTo("mailto:support@helpdesk.test?subject="
                + "Rating%3A%20good%20Ticket%20%5B2611-1000%5D%20code%20" + TOKENS.code(NUMBER));
    }

    @Test
    void mailtoShouldNotEncodeSpacesAsPlus() {
        assertThat(TOKENS.mailto(Fixtures.SUPPORT, "bad", TAG, NUMBER)).doesNotContain("+").doesNotContain(" ");
    }

    @Test
    void mailtoSubjectShouldDecodeToAValidRating() {
        String link = TOKENS.mailto(Fixtures.SUPPORT, "bad", TAG, NUMBER);
        String subject = URLDecoder.decode(link.substring(link.indexOf("?subject=") + "?subject=".length()), StandardCharsets.UTF_8);

        RatingTokens.Rating rating = RatingTokens.find(subject).orElseThrow();
        assertThat(rating.value()).isEqualTo("bad");
        assertThat(TOKENS.valid(NUMBER, rating.code())).isTrue();
        assertThat(Fixtures.GATEWAY.tag().find(subject)).contains(NUMBER);
    }
}
