package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ticketmail.mailets.TrustPolicy.Cidr;
import org.ticketmail.mailets.TrustPolicy.Way;

class TrustPolicyTest {
    /** alice's addresses in {@link Fixtures#DIRECTORY}. */
    static final List<String> ALICE = List.of("alice@helpdesk.test", "alice.mobile@example.test");
    /** An address outside every network of these tests (TEST-NET-3). */
    static final String OUTSIDE = "203.0.113.9";

    private static Optional<Way> verify(TrustPolicy policy, String remoteAddress, String authUser) {
        return policy.verify(remoteAddress, authUser, ALICE, "alice", "alice@helpdesk.test", TrustPolicy.DkimCheck.NONE);
    }

    // parse

    @Test
    void parseShouldReadTheDefaultSettingsAsTheDefaults() {
        assertThat(TrustPolicy.parse("auth,network,dkim", "127.0.0.0/8, ::1")).isEqualTo(TrustPolicy.defaults());
    }

    @Test
    void parseShouldReadWaysAndNetworks() {
        TrustPolicy policy = TrustPolicy.parse("auth,network", "127.0.0.0/8, ::1");

        assertThat(policy.ways()).containsExactlyInAnyOrder(Way.AUTH, Way.NETWORK);
        assertThat(policy.networks()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "::1");
    }

    @Test
    void parseShouldReadWaysInAnyCaseAndSpacing() {
        assertThat(TrustPolicy.parse(" Network  AUTH ", "").ways()).containsExactlyInAnyOrder(Way.AUTH, Way.NETWORK);
    }

    @Test
    void parseShouldAcceptNoNetworks() {
        assertThat(TrustPolicy.parse("auth", " ").networks()).isEmpty();
    }

    @Test
    void parseShouldRefuseUnknownWay() {
        assertThatThrownBy(() -> TrustPolicy.parse("auth, ldap", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trust 'ldap' is not a way to trust an employee's mail; ways are auth, network, dkim");
    }

    @Test
    void parseShouldAcceptDkimInAnyCase() {
        assertThat(TrustPolicy.parse("auth,DKIM", "").ways()).containsExactlyInAnyOrder(Way.AUTH, Way.DKIM);
    }

    @Test
    void verifyShouldTrustADkimSignatureOfTheFromDomainOnly() {
        TrustPolicy policy = TrustPolicy.parse("dkim", "");

        assertThat(policy.verify(OUTSIDE, null, ALICE, "alice", "alice@helpdesk.test", d -> d.equals("helpdesk.test"))).contains(Way.DKIM);
        assertThat(policy.verify(OUTSIDE, null, ALICE, "alice", "alice@helpdesk.test", d -> d.equals("evil.test"))).isEmpty();
    }

    @Test
    void verifyShouldNotAskForDkimWhenACheaperWayHolds() {
        assertThat(TrustPolicy.defaults().verify("127.0.0.1", null, ALICE, "alice", "alice@helpdesk.test", d -> {
            throw new AssertionError("DKIM checked although the network is trusted");
        })).contains(Way.NETWORK);
    }

    @Test
    void parseShouldRefuseEmptyWays() {
        assertThatThrownBy(() -> TrustPolicy.parse(" , ", "127.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trust is empty; with no way to trust them, no employee could send ticket mail: use auth, network, dkim or several");
    }

    @Test
    void parseShouldRefuseNetworkThatIsNoAddress() {
        assertThatThrownBy(() -> TrustPolicy.parse("network", "127.0.0.0/8, 10.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks '10.0.0/8' is not a network, e.g. 10.0.0.0/8 or 127.0.0.1");
    }

    @Test
    void parseShouldRefuseHostNameAsNetwork() {
        assertThatThrownBy(() -> TrustPolicy.parse("network", "intranet.example/24"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks 'intranet.example/24' is not a network, e.g. 10.0.0.0/8 or 127.0.0.1");
    }

    @Test
    void parseShouldRefuseIpv4AddressWithOctetAbove255() {
        // Refused by reading the octets, without a DNS query (InetAddress would have looked "256.0.0.0" up as a host name).
        assertThatThrownBy(() -> TrustPolicy.parse("network", "256.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks '256.0.0.0/8' is not a network, e.g. 10.0.0.0/8 or 127.0.0.1");
    }

    @Test
    void parseShouldRefuseIpv4PrefixAbove32() {
        assertThatThrownBy(() -> TrustPolicy.parse("network", "10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks '10.0.0.0/33' has a prefix outside 0-32, e.g. 10.0.0.0/8");
    }

    @Test
    void parseShouldRefuseIpv6PrefixAbove128() {
        assertThatThrownBy(() -> TrustPolicy.parse("network", "::1/129"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks '::1/129' has a prefix outside 0-128, e.g. 10.0.0.0/8");
    }

    @Test
    void parseShouldRefusePrefixThatIsNoNumber() {
        assertThatThrownBy(() -> TrustPolicy.parse("network", "10.0.0.0/eight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("employee.trustedNetworks '10.0.0.0/eight' has a prefix outside 0-32, e.g. 10.0.0.0/8");
    }

    // verify by network

    @Test
    void verifyShouldHoldByNetworkWhenClientIsInside() {
        assertThat(verify(TrustPolicy.parse("network", "10.0.0.0/8"), "10.20.30.40", null)).contains(Way.NETWORK);
    }

    @Test
    void verifyShouldNotHoldByNetworkWhenClientIsOutside() {
        assertThat(verify(TrustPolicy.parse("network", "10.0.0.0/8"), "11.0.0.1", null)).isEmpty();
    }

    @Test
    void verifyShouldCompareTheBitsOfAPrefixThatEndsInsideAByte() {
        TrustPolicy policy = TrustPolicy.parse("network", "172.16.0.0/12");

        assertThat(verify(policy, "172.31.255.255", null)).contains(Way.NETWORK);
        assertThat(verify(policy, "172.32.0.0", null)).isEmpty();
    }

    @Test
    void verifyShouldHoldByNetworkForIpv6Loopback() {
        assertThat(verify(TrustPolicy.defaults(), "::1", null)).contains(Way.NETWORK);
    }

    @Test
    void verifyShouldHoldByNetworkForIpv6LoopbackWrittenInFullAndInBrackets() {
        assertThat(verify(TrustPolicy.defaults(), "[0:0:0:0:0:0:0:1]", null)).contains(Way.NETWORK);
    }

    @Test
    void cidrShouldNeverMatchIpv4AddressInIpv6Network() {
        assertThat(Cidr.parse("::/0").contains("10.0.0.1")).isFalse();
    }

    @Test
    void cidrShouldNeverMatchIpv6AddressInIpv4Network() {
        assertThat(Cidr.parse("0.0.0.0/0").contains("::1")).isFalse();
    }

    @Test
    void cidrShouldNeverResolveHostName() {
        assertThat(Cidr.parse("127.0.0.0/8").contains("localhost")).isFalse();
    }

    @Test
    void verifyShouldNotHoldByNetworkForHostName() {
        assertThat(verify(TrustPolicy.defaults(), "localhost", null)).isEmpty();
    }

    @Test
    void verifyShouldNotHoldByNetworkWithoutClientAddress() {
        assertThat(verify(TrustPolicy.defaults(), null, null)).isEmpty();
    }

    @Test
    void verifyShouldNotHoldByNetworkWhenNetworkIsNotAWay() {
        assertThat(verify(TrustPolicy.parse("auth", "10.0.0.0/8"), "10.0.0.1", null)).isEmpty();
    }

    // verify by auth

    @Test
    void verifyShouldHoldByAuthWhenUserIsOneOfTheEmployeesAddressesInAnyCase() {
        assertThat(verify(TrustPolicy.parse("auth", ""), OUTSIDE, " Alice.Mobile@Example.TEST ")).contains(Way.AUTH);
    }

    @Test
    void verifyShouldHoldByAuthWhenUserIsTheEmployeeId() {
        assertThat(verify(TrustPolicy.parse("auth", ""), OUTSIDE, "ALICE")).contains(Way.AUTH);
    }

    @Test
    void verifyShouldNotHoldByAuthWhenUserIsSomeoneElse() {
        TrustPolicy policy = TrustPolicy.parse("auth", "");

        assertThat(verify(policy, OUTSIDE, "bob")).isEmpty();
        assertThat(verify(policy, OUTSIDE, "bob@helpdesk.test")).isEmpty();
    }

    @Test
    void verifyShouldNotHoldByAuthWhenAuthIsNotAWay() {
        assertThat(verify(TrustPolicy.parse("network", "10.0.0.0/8"), OUTSIDE, "alice")).isEmpty();
    }

    @Test
    void verifyShouldSayAuthWhenBothWaysHold() {
        assertThat(verify(TrustPolicy.defaults(), "127.0.0.1", "alice")).contains(Way.AUTH);
    }

    @Test
    void verifyShouldBeEmptyWhenNoWayHolds() {
        assertThat(verify(TrustPolicy.defaults(), OUTSIDE, "bob")).isEmpty();
    }
}
