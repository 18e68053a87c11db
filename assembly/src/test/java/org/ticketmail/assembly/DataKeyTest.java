package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.mailets.ThreadIds;

class DataKeyTest {
    @TempDir
    Path data;

    @Test
    void loadShouldMakeAnOwnerOnlyKeyAtTheFirstStartAndKeepItAfter() throws Exception {
        Path file = data.resolve("threading.key");

        byte[] first = DataKey.load(file, "threading key");
        byte[] again = DataKey.load(file, "threading key");

        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aMessageIdSignedBeforeARestartShouldStillVerifyAfterIt() {
        Path file = data.resolve("threading.key");
        String sent = new ThreadIds(DataKey.load(file, "threading key")).newId("2611-1000", "support@helpdesk.test");

        assertThat(new ThreadIds(DataKey.load(file, "threading key")).ticketOf(sent)).contains("2611-1000");
    }

    @Test
    void loadShouldRefuseAFileThatHoldsNoKey() throws Exception {
        Path file = data.resolve("threading.key");
        Files.writeString(file, "c2hvcnQ=\n");

        assertThatThrownBy(() -> DataKey.load(file, "threading key"))
                .hasMessage(file + ": holds no threading key (too short); delete it to make a new one");
    }
}
