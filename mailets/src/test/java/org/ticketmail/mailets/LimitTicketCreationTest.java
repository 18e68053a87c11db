package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.sla.TicketLimits;

class LimitTicketCreationTest {
    @Test
    void theSampleTemplatesShouldBeTheBuiltInOnes() throws Exception {
        Path templates = Path.of("").toAbsolutePath().getParent().resolve("conf/templates");
        assertThat(Files.readString(templates.resolve("ticket-limit.txt"))).isEqualTo(LimitTicketCreation.REFUSAL);
        assertThat(Files.readString(templates.resolve("ticket-limit-warning.txt"))).isEqualTo(LimitTicketCreation.WARNING);
    }

    @Test
    void aPassedLimitShouldBeSaidToEachReaderInTheirWords() {
        LimitTicketCreation.Passed open = new LimitTicketCreation.Passed("{n} open at once", 1, 1, TicketLimits.Mode.FORCE);
        LimitTicketCreation.Passed year = new LimitTicketCreation.Passed("opened {n} in the last year", 12, 10, TicketLimits.Mode.WARN);
        assertThat(open.forSender()).isEqualTo("you have 1 ticket open at once, and your service level allows 1.");
        assertThat(year.forManager()).isEqualTo("they have opened 12 tickets in the last year; the limit is 10.");
        assertThat(open.forReason("dana@acme.test")).isEqualTo("dana@acme.test has 1 ticket open at once, the limit is 1");
    }
}
