package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ThreadIdsTest {
    private static final ThreadIds IDS = new ThreadIds("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void newIdShouldNameTheTicketAndTheSupportDomain() {
        assertThat(IDS.newId("2611-1000", "support@helpdesk.test")).matches("<tm\\.2611-1000\\.[0-9a-f]{24}\\.[0-9a-f]{32}@helpdesk\\.test>");
    }

    @Test
    void newIdShouldDifferEachTime() {
        assertThat(IDS.newId("2611-1000", "support@helpdesk.test")).isNotEqualTo(IDS.newId("2611-1000", "support@helpdesk.test"));
    }

    @Test
    void ticketOfShouldGiveTheTicketOfAnIdItSigned() {
        assertThat(IDS.ticketOf(IDS.newId("2611-1000", "support@helpdesk.test"))).contains("2611-1000");
    }

    @Test
    void ticketOfShouldAcceptTheIdWithoutBracketsAndInUpperCase() {
        String id = IDS.newId("2611-1000", "support@helpdesk.test");
        String bare = id.substring(1, id.length() - 1);

        assertThat(IDS.ticketOf("  " + bare.toUpperCase().replace("TM.2611-1000", "tm.2611-1000") + " ")).contains("2611-1000");
    }

    @Test
    void ticketOfShouldRefuseAnIdWhoseNumberWasChanged() {
        String id = IDS.newId("2611-1000", "support@helpdesk.test");

        assertThat(IDS.ticketOf(id.replace("2611-1000", "2611-1001"))).isEmpty();
    }

    @Test
    void ticketOfShouldRefuseAnIdSignedWithAnotherKey() {
        assertThat(IDS.ticketOf(ThreadIds.random().newId("2611-1000", "support@helpdesk.test"))).isEmpty();
    }

    @Test
    void ticketOfShouldRefuseTheUnsignedIdsOfEarlierVersions() {
        assertThat(IDS.ticketOf("<tm.2611-1000.1b4e28ba-2fa1-11d2-883f-0016d3cca427@helpdesk.test>")).isEmpty();
    }

    @Test
    void ticketOfShouldRefuseOtherIdsAndGarbage() {
        assertThat(IDS.ticketOf("<CAF=abc@mail.gmail.com>")).isEmpty();
        assertThat(IDS.ticketOf("<tm.@x>")).isEmpty();
        assertThat(IDS.ticketOf("<tm...@x>")).isEmpty();
        assertThat(IDS.ticketOf("tm.2611-1000")).isEmpty();
        assertThat(IDS.ticketOf("")).isEmpty();
        assertThat(IDS.ticketOf(null)).isEmpty();
    }

    @Test
    void ticketOfShouldKeepANumberThatHoldsDots() {
        assertThat(IDS.ticketOf(IDS.newId("26.11.1000", "support@helpdesk.test"))).contains("26.11.1000");
    }

    @Test
    void looksLikeOursShouldKnowOurShapeSignedOrNot() {
        assertThat(ThreadIds.looksLikeOurs("<tm.2611-1000.1b4e28ba-2fa1-11d2-883f-0016d3cca427@helpdesk.test>")).isTrue();
        assertThat(ThreadIds.looksLikeOurs("<CAF=abc@mail.gmail.com>")).isFalse();
    }

    @Test
    void constructorShouldRefuseAShortKey() {
        assertThatThrownBy(() -> new ThreadIds(new byte[8])).hasMessage("a threading key needs at least 16 bytes");
    }
}
