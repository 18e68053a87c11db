package org.ticketmail.store.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.TicketStatus;

class SlaClockTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final SlaTerms FOUR_HOURS = SlaTerms.allHours("standard", SlaType.NORMAL).withResponse(Duration.ofHours(4));

    private static Instant h(double hours) {
        return T0.plusSeconds(Math.round(hours * 3600));
    }

    private static List<Breach> breaches(Timeline t, SlaTerms terms, Instant now) {
        return new SlaClock(t, terms, BusinessHours.always(UTC), now).breaches();
    }

    @Test
    void aNewTicketUnansweredPastTheResponseTimeShouldBeBreachedFromTheDueInstant() {
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).build();
        assertThat(breaches(t, FOUR_HOURS, h(3.9))).isEmpty();
        assertThat(breaches(t, FOUR_HOURS, h(4.1))).containsExactly(
                new Breach("1", Breach.Kind.RESPONSE, h(4), Optional.empty(), Duration.ofHours(4), T0));
    }

    @Test
    void anAnswerShouldEndTheWaitAndAnInternalNoteShouldNot() {
        Timeline answered = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).answer(h(3)).build();
        assertThat(breaches(answered, FOUR_HOURS, h(10))).isEmpty();
        Timeline noted = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).note(h(3)).build();
        assertThat(breaches(noted, FOUR_HOURS, h(10))).hasSize(1);
    }

    @Test
    void aLateAnswerShouldEndTheBreach() {
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).answer(h(6)).build();
        assertThat(breaches(t, FOUR_HOURS, h(10))).containsExactly(
                new Breach("1", Breach.Kind.RESPONSE, h(4), Optional.of(h(6)), Duration.ofHours(4), T0));
    }

    @Test
    void theCustomersLastMailShouldStartTheWaitAgain() {
        // Seed 004: the creator's last work unit with no response. A follow-up after 3 hours waits 4 hours of its own.
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).customerMail(h(3)).build();
        assertThat(breaches(t, FOUR_HOURS, h(6.5))).isEmpty();
        assertThat(breaches(t, FOUR_HOURS, h(7.5))).extracting(Breach::start).containsExactly(h(7));
    }

    @Test
    void waitingOnAThirdPartyShouldPauseANormalSla() {
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0)
                .status(h(1), TicketStatus.PENDING_THIRD_PARTY).status(h(6), TicketStatus.ASSIGNED).build();
        // 1 hour before the pause, 3 after it: due at 9.
        assertThat(breaches(t, FOUR_HOURS, h(8.9))).isEmpty();
        assertThat(breaches(t, FOUR_HOURS, h(9.5))).extracting(Breach::start).containsExactly(h(9));
        assertThat(new SlaClock(t, FOUR_HOURS, BusinessHours.always(UTC), h(8)).counted(T0, h(8))).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aThirdPartySlaShouldCountOnlyTheTimePendingOnTheThirdParty() {
        SlaTerms thirdParty = SlaTerms.allHours("vendor", SlaType.THIRD_PARTY).withLifetime(Duration.ofHours(2));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).status(h(5), TicketStatus.PENDING_THIRD_PARTY).build();
        assertThat(breaches(t, thirdParty, h(6.9))).isEmpty();
        assertThat(breaches(t, thirdParty, h(7.5))).extracting(Breach::kind, Breach::start).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Breach.Kind.LIFETIME, h(7)));
    }

    @Test
    void aBothSlaShouldCountThePauseToo() {
        SlaTerms both = SlaTerms.allHours("both", SlaType.BOTH).withResponse(Duration.ofHours(4));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).status(h(1), TicketStatus.PENDING_THIRD_PARTY).build();
        assertThat(breaches(t, both, h(4.5))).extracting(Breach::start).containsExactly(h(4));
    }

    @Test
    void closingShouldEndTheLifetimeBreachAndReopeningShouldResumeIt() {
        SlaTerms life = SlaTerms.allHours("life", SlaType.NORMAL).withLifetime(Duration.ofHours(8));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).status(h(10), TicketStatus.CLOSED).status(h(20), TicketStatus.REOPENED).build();
        assertThat(breaches(t, life, h(25))).containsExactly(
                new Breach("1", Breach.Kind.LIFETIME, h(8), Optional.of(h(10)), Duration.ofHours(8), T0),
                new Breach("1", Breach.Kind.LIFETIME, h(20), Optional.empty(), Duration.ofHours(8), h(20)));
    }

    @Test
    void inactivityShouldRunFromTheLastWorkOfAnyKind() {
        SlaTerms idle = SlaTerms.allHours("idle", SlaType.NORMAL).withInactivity(Duration.ofHours(24));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).note(h(20)).build();
        assertThat(breaches(t, idle, h(43))).isEmpty();
        assertThat(breaches(t, idle, h(45))).extracting(Breach::start).containsExactly(h(44));
    }

    @Test
    void businessHoursShouldCarryTheDueTimeOverTheWeekend() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SlaTerms office = FOUR_HOURS.withHours(9 * 60, 18 * 60, true, true);
        BusinessHours hours = BusinessHours.of(office, berlin, Set.of());
        Instant friday = Instant.parse("2026-12-04T15:00:00Z"); // 16:00 in Berlin
        Timeline t = Timeline.opened("1", friday, TicketStatus.NEW).customerMail(friday).build();
        SlaClock clock = new SlaClock(t, office, hours, Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(clock.breaches()).isEmpty();
        assertThat(clock.openWait().orElseThrow().due()).contains(Instant.parse("2026-12-07T10:00:00Z")); // Monday 11:00
        assertThat(clock.openWait().orElseThrow().waited()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aTicketMeasuredFromItsImportShouldIgnoreWhatCameBefore() {
        SlaTerms terms = FOUR_HOURS.withLifetime(Duration.ofHours(8));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).status(T0, TicketStatus.ASSIGNED)
                .measuredFrom(h(1000)).build();
        assertThat(t.created()).isEqualTo(h(1000));
        assertThat(t.statuses()).containsExactly(new Timeline.StatusAt(h(1000), TicketStatus.ASSIGNED));
        assertThat(t.customerMails()).isEmpty();
        assertThat(breaches(t, terms, h(1007))).isEmpty();
        assertThat(breaches(t, terms, h(1009))).extracting(Breach::kind).containsExactly(Breach.Kind.LIFETIME);
    }

    @Test
    void aWaitThatUsesExactlyTheResponseTimeBeforeTheDayEndsShouldNotBeABreach() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SlaTerms office = FOUR_HOURS.withHours(9 * 60, 18 * 60, true, true);
        BusinessHours hours = BusinessHours.of(office, berlin, Set.of());
        Instant friday = Instant.parse("2026-12-04T13:00:00Z"); // 14:00 in Berlin: 4 hours left in the day
        Instant mondayEarly = Instant.parse("2026-12-07T07:30:00Z"); // 08:30, before the day starts
        Timeline answered = Timeline.opened("1", friday, TicketStatus.NEW).customerMail(friday).answer(mondayEarly).build();
        assertThat(new SlaClock(answered, office, hours, Instant.parse("2026-12-07T12:00:00Z")).breaches()).isEmpty();
        Timeline waiting = Timeline.opened("1", friday, TicketStatus.NEW).customerMail(friday).build();
        assertThat(new SlaClock(waiting, office, hours, Instant.parse("2026-12-07T12:00:00Z")).breaches()).extracting(Breach::start)
                .containsExactly(Instant.parse("2026-12-07T08:00:00Z")); // Monday 09:00
    }

    @Test
    void aBreachShouldBeKnownByWhenItsClockStartedWhateverTheHours() {
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).build();
        Breach fourHours = breaches(t, FOUR_HOURS, h(10)).get(0);
        Breach twoHours = breaches(t, SlaTerms.allHours("s", SlaType.NORMAL).withResponse(Duration.ofHours(2)), h(10)).get(0);
        assertThat(fourHours.start()).isNotEqualTo(twoHours.start());
        assertThat(fourHours.origin()).isEqualTo(twoHours.origin()).isEqualTo(T0);
    }

    @Test
    void exposureShouldCountOnlyTheTimeTheClocksRun() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SlaTerms office = FOUR_HOURS.withHours(9 * 60, 18 * 60, true, true);
        Instant friday = Instant.parse("2026-12-04T09:00:00Z"); // 10:00 in Berlin
        Instant monday = Instant.parse("2026-12-07T08:30:00Z"); // 09:30
        Timeline t = Timeline.opened("1", friday, TicketStatus.NEW).customerMail(friday).answer(monday).build();
        SlaClock clock = new SlaClock(t, office, BusinessHours.of(office, berlin, Set.of()), monday);
        SlaClock.Exposure e = clock.exposure(clock.breaches(), friday, monday);
        assertThat(e.open()).isEqualTo(Duration.ofMinutes(8 * 60 + 30)); // Friday 10:00-18:00, Monday 09:00-09:30
        assertThat(e.breached()).isEqualTo(Duration.ofMinutes(4 * 60 + 30)); // Friday 14:00-18:00, Monday 09:00-09:30
    }

    @Test
    void exposureShouldGiveTheShareOfTheOpenTimeWithinTheSla() {
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).answer(h(6)).status(h(10), TicketStatus.CLOSED).build();
        SlaClock clock = new SlaClock(t, FOUR_HOURS, BusinessHours.always(UTC), h(20));
        SlaClock.Exposure e = clock.exposure(clock.breaches(), T0.minusSeconds(3600), h(20));
        assertThat(e.open()).isEqualTo(Duration.ofHours(10));
        assertThat(e.breached()).isEqualTo(Duration.ofHours(2));
        assertThat(e.compliance()).contains(0.8);
    }

    @Test
    void exposureShouldCountOverlappingBreachesOnce() {
        SlaTerms both = FOUR_HOURS.withLifetime(Duration.ofHours(5));
        Timeline t = Timeline.opened("1", T0, TicketStatus.NEW).customerMail(T0).build();
        SlaClock clock = new SlaClock(t, both, BusinessHours.always(UTC), h(10));
        assertThat(clock.breaches()).hasSize(2);
        assertThat(clock.exposure(clock.breaches(), T0, h(10)).breached()).isEqualTo(Duration.ofHours(6));
    }
}
