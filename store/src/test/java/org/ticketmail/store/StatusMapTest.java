package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.store.TicketStatus.ASSIGNED;
import static org.ticketmail.store.TicketStatus.CLOSED;
import static org.ticketmail.store.TicketStatus.NEW;
import static org.ticketmail.store.TicketStatus.PENDING_CLOSE;
import static org.ticketmail.store.TicketStatus.PENDING_THIRD_PARTY;
import static org.ticketmail.store.TicketStatus.REOPENED;
import static org.ticketmail.store.TicketStatus.UNCONFIRMED;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusMapTest {
    private static final String FILE = "conf/statuses.yaml";
    private static final String STATUSES = "new, assigned, pending-third-party, pending-close, unconfirmed, closed, reopened";

    /** Seed 004, "Status mapping of a ticket", practical example, as conf/statuses.yaml would say it. */
    private static final String SEED_EXAMPLE = """
            transitions:
              new: [assigned, pending-third-party]
              assigned: [pending-close]
              pending-third-party: [pending-close]
              pending-close: [closed]
              closed: [reopened]
            resolutions: [solved, rejected, missing-data, expired]
            """;

    @TempDir
    Path dir;

    private static StatusMap parse(String yaml) {
        return StatusMap.parse(yaml, FILE);
    }

    @Test
    void defaultsShouldAllowSeedPracticalExample() {
        StatusMap map = StatusMap.defaults();

        assertThat(map.allows(NEW, ASSIGNED)).isTrue();
        assertThat(map.allows(NEW, PENDING_THIRD_PARTY)).isTrue();
        assertThat(map.allows(ASSIGNED, PENDING_CLOSE)).isTrue();
        assertThat(map.allows(PENDING_THIRD_PARTY, PENDING_CLOSE)).isTrue();
        assertThat(map.allows(PENDING_CLOSE, CLOSED)).isTrue();
        assertThat(map.allows(CLOSED, REOPENED)).isTrue();
    }

    @Test
    void defaultsShouldRefuseClosedToAssigned() {
        assertThat(StatusMap.defaults().allows(CLOSED, ASSIGNED)).isFalse();
    }

    @Test
    void defaultsShouldAllowOnlyReopenedAfterClosed() {
        assertThat(StatusMap.defaults().next(CLOSED)).containsExactly(REOPENED);
    }

    @Test
    void defaultsShouldAllowClosingFromEveryOpenStatus() {
        StatusMap map = StatusMap.defaults();

        for (TicketStatus s : TicketStatus.values()) {
            if (s != CLOSED) {
                assertThat(map.allows(s, CLOSED)).as(s.jsonName() + " → closed").isTrue();
            }
        }
    }

    @Test
    void defaultsShouldRefuseEveryStatusFollowingItself() {
        StatusMap map = StatusMap.defaults();

        for (TicketStatus s : TicketStatus.values()) {
            assertThat(map.allows(s, s)).as(s.jsonName() + " → " + s.jsonName()).isFalse();
        }
    }

    @Test
    void defaultsShouldListSeedResolutions() {
        assertThat(StatusMap.defaults().resolutions())
                .containsExactly("solved", "rejected", "missing-data", "expired", "duplicate", "workaround");
    }

    @Test
    void parseShouldAllowOnlyListedMovesWhenGivenSeedPracticalExample() {
        StatusMap map = parse(SEED_EXAMPLE);

        assertThat(map.next(NEW)).containsExactly(ASSIGNED, PENDING_THIRD_PARTY);
        assertThat(map.next(ASSIGNED)).containsExactly(PENDING_CLOSE);
        assertThat(map.next(PENDING_THIRD_PARTY)).containsExactly(PENDING_CLOSE);
        assertThat(map.next(PENDING_CLOSE)).containsExactly(CLOSED);
        assertThat(map.next(CLOSED)).containsExactly(REOPENED);
        assertThat(map.allows(NEW, CLOSED)).isFalse();
        assertThat(map.allows(ASSIGNED, CLOSED)).isFalse();
    }

    @Test
    void parseShouldLetNothingFollowWhenStatusIsNotListed() {
        StatusMap map = parse(SEED_EXAMPLE);

        assertThat(map.next(REOPENED)).isEmpty();
        assertThat(map.next(UNCONFIRMED)).isEmpty();
    }

    @Test
    void parseShouldAcceptStatusNamesInAnyCase() {
        StatusMap map = parse("transitions:\n  New: [ASSIGNED, Pending-Third-Party]\n");

        assertThat(map.next(NEW)).containsExactly(ASSIGNED, PENDING_THIRD_PARTY);
    }

    @Test
    void nextNamesShouldJoinStatusesInLifeCycleOrder() {
        assertThat(StatusMap.defaults().nextNames(NEW))
                .isEqualTo("assigned, pending-third-party, pending-close, unconfirmed, closed");
    }

    @Test
    void nextNamesShouldSayNoneWhenNothingMayFollow() {
        assertThat(parse(SEED_EXAMPLE).nextNames(REOPENED)).isEqualTo("none");
    }

    @Test
    void nextNamesShouldNameOneStatusWhenOnlyOneMayFollow() {
        assertThat(StatusMap.defaults().nextNames(CLOSED)).isEqualTo("reopened");
    }

    @Test
    void parseShouldLowerCaseAndDeduplicateResolutions() {
        StatusMap map = parse("transitions: {}\nresolutions: [Solved, solved, ' Rejected ', SOLVED, missing-data]\n");

        assertThat(map.resolutions()).containsExactly("solved", "rejected", "missing-data");
    }

    @Test
    void parseShouldHaveNoResolutionsWhenNoneAreGiven() {
        assertThat(parse("transitions: {}\n").resolutions()).isEmpty();
    }

    @Test
    void isResolutionShouldIgnoreCase() {
        StatusMap map = StatusMap.defaults();

        assertThat(map.isResolution("Missing-Data")).isTrue();
        assertThat(map.isResolution("fixed")).isFalse();
        assertThat(map.isResolution(null)).isFalse();
    }

    @Test
    void parseShouldRefuseUnknownTopLevelKey() {
        assertThatThrownBy(() -> parse("transitions: {}\nstates: [new]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: states is not a known key; known keys are resolutions, transitions");
    }

    @Test
    void parseShouldRefuseMissingTransitions() {
        assertThatThrownBy(() -> parse("resolutions: [solved]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: transitions is missing; give, for each status, the statuses that may follow it,"
                        + " e.g. new: [assigned, closed]");
    }

    @Test
    void parseShouldRefuseDocumentThatIsNotMapping() {
        assertThatThrownBy(() -> parse("- new\n- closed\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: must be a mapping with transitions and resolutions");
    }

    @Test
    void parseShouldRefuseUnknownStatusWhenItIsKey() {
        assertThatThrownBy(() -> parse("transitions:\n  open: [closed]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: transitions.open 'open' is not a status; statuses are " + STATUSES);
    }

    @Test
    void parseShouldRefuseUnknownStatusWhenItIsInList() {
        assertThatThrownBy(() -> parse("transitions:\n  new: [assigned, done]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: transitions.new[1] 'done' is not a status; statuses are " + STATUSES);
    }

    @Test
    void parseShouldRefuseStatusFollowingItself() {
        assertThatThrownBy(() -> parse("transitions:\n  assigned: [pending-close, assigned]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: transitions.assigned[1] 'assigned' is the status itself;"
                        + " list the statuses that may follow it");
    }

    @Test
    void parseShouldRefuseTransitionsValueWhenNotList() {
        assertThatThrownBy(() -> parse("transitions:\n  new: assigned\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: transitions.new must be a list of statuses, e.g. [assigned, closed]");
    }

    @Test
    void parseShouldRefuseResolutionsWhenNotList() {
        assertThatThrownBy(() -> parse("transitions: {}\nresolutions: solved\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: resolutions must be a list, e.g. [solved, rejected, duplicate]");
    }

    @Test
    void parseShouldRefuseResolutionWhenNotOneWord() {
        assertThatThrownBy(() -> parse("transitions: {}\nresolutions: [solved, missing data]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: resolutions[1] 'missing data' must be one word of letters, digits and '-',"
                        + " e.g. missing-data");
    }

    @Test
    void parseShouldRefuseResolutionWhenItIsStatusName() {
        assertThatThrownBy(() -> parse("transitions: {}\nresolutions: [solved, Closed]\n"))
                .isInstanceOf(StoreException.class)
                .hasMessage("conf/statuses.yaml: resolutions[1] 'closed' is a status name; pick another word");
    }

    @Test
    void parseShouldRefuseInvalidYaml() {
        assertThatThrownBy(() -> parse("transitions:\n  new: [assigned\n"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("conf/statuses.yaml: not valid YAML (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void loadShouldReadFile() throws Exception {
        Path file = dir.resolve("statuses.yaml");
        Files.writeString(file, SEED_EXAMPLE, StandardCharsets.UTF_8);

        StatusMap map = StatusMap.load(file, FILE);

        assertThat(map.next(NEW)).containsExactly(ASSIGNED, PENDING_THIRD_PARTY);
        assertThat(map.resolutions()).containsExactly("solved", "rejected", "missing-data", "expired");
    }

    @Test
    void loadShouldNameFileWhenItCannotBeRead() {
        assertThatThrownBy(() -> StatusMap.load(dir.resolve("absent.yaml"), FILE))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("conf/statuses.yaml: cannot read (");
    }
}
