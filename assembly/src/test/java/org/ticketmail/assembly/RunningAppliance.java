package org.ticketmail.assembly;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One real appliance for a test class, with GreenMail outside as its relay; every mailbox outside is
 * emptied before each test. A subclass gives its settings with {@link #properties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunningAppliance {
    Outside outside;
    ApplianceFixture appliance;

    /** Lines for conf/ticketmail.properties beyond the test defaults. */
    Map<String, String> properties() {
        return Map.of();
    }

    /** Guice modules that override the appliance's bindings (e.g. DKIM keys without DNS). */
    java.util.List<com.google.inject.Module> overrides() {
        return java.util.List.of();
    }

    /** Changes the copied conf/ before the start (e.g. writes conf/employee-passwords). */
    void editConf(java.nio.file.Path conf) {
    }

    /** conf/directory.yaml: the test directory of {@link ApplianceFixture#DIRECTORY} unless a test class needs another. */
    String directory() {
        return ApplianceFixture.DIRECTORY;
    }

    /** The clock the store and the service levels go by: the system's unless a test class moves time. */
    java.time.Clock clock() {
        return java.time.Clock.systemDefaultZone();
    }

    @BeforeAll
    void startAppliance() throws Exception {
        outside = new Outside();
        appliance = ApplianceFixture.start(outside.smtpPort(), properties(), this::editConf, overrides(), directory(), clock());
    }

    @AfterAll
    void stopAppliance() {
        if (appliance != null) {
            appliance.close();
        }
        if (outside != null) {
            outside.close();
        }
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        outside.purge();
    }
}
