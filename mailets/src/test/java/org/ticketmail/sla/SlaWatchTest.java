package org.ticketmail.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.MailTemplate;

class SlaWatchTest {
    @Test
    void theSampleTemplateShouldBeTheBuiltInOne() throws Exception {
        Path conf = Path.of("").toAbsolutePath().getParent().resolve("conf/templates/sla-warning.txt");
        assertThat(Files.readString(conf)).isEqualTo(SlaWatch.TEMPLATE);
        assertThat(MailTemplate.load(null, "sla-warning", SlaWatch.TEMPLATE).uses("sla_detail")).isTrue();
    }

    @Test
    void theGatewaysOwnEntriesShouldBeKnownByItsAddressOrName() {
        Gateway gateway = Gateway.of("support@helpdesk.test");
        assertThat(SlaWatch.fromGateway(gateway, "Support <support@helpdesk.test>")).isTrue();
        assertThat(SlaWatch.fromGateway(gateway, "SUPPORT@helpdesk.test")).isTrue();
        assertThat(SlaWatch.fromGateway(gateway, "Support")).isTrue();
        assertThat(SlaWatch.fromGateway(gateway, "Alice Tech <alice@helpdesk.test>")).isFalse();
        assertThat(SlaWatch.fromGateway(gateway, "dana@acme.test")).isFalse();
    }
}
