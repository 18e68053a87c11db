package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailingAddressesTest {
    private final Database database = Database.inMemory();
    private final FailingAddresses failing = new FailingAddresses(database, Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aMarkedAddressShouldBeFoundInAnyCaseUntilItIsCleared() {
        assertThat(failing.mark("Gone@Acme.test", "5.1.1", "user unknown", null, null)).isTrue();
        assertThat(failing.mark("gone@acme.test", "5.1.1", "user unknown again", null, null)).isFalse();

        assertThat(failing.among(List.of("GONE@acme.test", "dana@acme.test", " "))).containsExactly("gone@acme.test");
        assertThat(failing.find("gone@ACME.test")).hasValueSatisfying(f -> assertThat(f.diagnostic()).isEqualTo("user unknown again"));
        assertThat(failing.find("dana@acme.test")).isEmpty();

        assertThat(failing.clear("Gone@acme.test")).isTrue();
        assertThat(failing.among(List.of("gone@acme.test"))).isEmpty();
        assertThat(failing.find("gone@acme.test")).isEmpty();
        assertThat(failing.clear("gone@acme.test")).isFalse();
    }

    @Test
    void marksShouldOutliveTheProcessThatMadeThem() {
        failing.mark("gone@acme.test", "5.1.1", "user unknown", null, null);
        failing.mark("left@acme.test", "5.2.1", "disabled", null, null);
        failing.clear("left@acme.test");

        // What a restart makes: a new instance on the same database reads the marks back.
        FailingAddresses afterRestart = new FailingAddresses(database, Clock.systemUTC());

        assertThat(afterRestart.among(List.of("gone@acme.test", "left@acme.test", "dana@acme.test"))).containsExactly("gone@acme.test");
        assertThat(afterRestart.count()).isEqualTo(1);
    }
}
