package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** conf/directory.yaml edited while the appliance runs: a good edit applies, a broken one is ignored. */
class DirectoryReloadIntegrationTest {
    Outside outside;
    ApplianceFixture appliance;
    Path file;

    @BeforeEach
    void start() throws Exception {
        outside = new Outside();
        appliance = ApplianceFixture.start(outside.smtpPort(), Map.of());
        file = appliance.root.resolve("conf/directory.yaml");
    }

    @AfterEach
    void stop() {
        appliance.close();
        outside.close();
    }

    private void save(String yaml, int secondsAhead) throws Exception {
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    @Test
    void editedDirectoryShouldApplyToTheNextMailAndABrokenEditShouldBeIgnored() throws Exception {
        save(ApplianceFixture.DIRECTORY.replace("employees:\n",
                "employees:\n  - {id: zed, name: Zed New, addresses: [zed@helpdesk.test], recipientOption: ALL}\n"), 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> appliance.appliance.directory().employee("zed").isPresent());

        mail().from("dana@acme.test").to(SUPPORT).subject("After the edit").sendTo(appliance.smtpPort());
        outside.awaitExactly(5, appliance.smtpPort()); // acknowledgment; alice To; bob, carol, zed Cc
        assertThat(outside.inbox("zed@helpdesk.test")).hasSize(1);

        save("employees: [broken", 4);
        Awaitility.await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                .until(() -> appliance.appliance.directory().employee("zed").isPresent());
    }
}
