package org.ticketmail.mailets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When a mail in an employee's name counts as the employee's (issue "Working a ticket by email", "Who
 * may"): its From is an active employee's address and at least one configured way holds. Only such a
 * mail runs commands and reaches customers; anyone can put an employee's address in a From header.
 * Immutable.
 *
 * @param ways {@code employee.trust}
 * @param networks {@code employee.trustedNetworks}: clients in these may send in employees' names
 */
public record TrustPolicy(Set<Way> ways, List<Cidr> networks) {
    /** A way a mail proves it comes from the employee it names. */
    public enum Way {
        /** The client authenticated over SMTP (AUTH) as one of the employee's addresses or as the employee id. */
        AUTH,
        /** The client's address is in {@code employee.trustedNetworks} (the company's own mail server, a VPN). */
        NETWORK,
        /** The mail carries a passing DKIM signature whose domain ({@code d=}) is the From address's domain. */
        DKIM;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Way> find(String name) {
            for (Way w : values()) {
                if (w.value().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(w);
                }
            }
            return Optional.empty();
        }
    }

    public TrustPolicy {
        ways = ways.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ways));
        networks = List.copyOf(networks);
    }

    /** Whether the mail carries a passing DKIM signature of a domain; asked only when the other ways fail. */
    @FunctionalInterface
    public interface DkimCheck {
        boolean passes(String domain);

        DkimCheck NONE = domain -> false;
    }

    /** The default: SMTP AUTH, a client on this machine (127.0.0.0/8, ::1), or DKIM. */
    public static TrustPolicy defaults() {
        return new TrustPolicy(EnumSet.allOf(Way.class), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")));
    }

    /**
     * Reads {@code employee.trust} ({@code auth,network,dkim}) and {@code employee.trustedNetworks} (CIDR list).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static TrustPolicy parse(String trust, String networks) {
        Set<Way> ways = EnumSet.noneOf(Way.class);
        for (String piece : trust.split("[,\\s]+")) {
            if (piece.isBlank()) {
                continue;
            }
            ways.add(Way.find(piece).orElseThrow(() -> new IllegalArgumentException("employee.trust '" + piece
                    + "' is not a way to trust an employee's mail; ways are auth, network, dkim")));
        }
        if (ways.isEmpty()) {
            throw new IllegalArgumentException("employee.trust is empty; with no way to trust them, no employee could send ticket"
                    + " mail: use auth, network, dkim or several");
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String piece : networks.split("[,\\s]+")) {
            if (!piece.isBlank()) {
                cidrs.add(Cidr.parse(piece));
            }
        }
        return new TrustPolicy(ways, cidrs);
    }

    /**
     * How the mail proves it is the employee's: the first way that holds, or empty.
     *
     * @param remoteAddress the SMTP client's address, as James gives it
     * @param authUser the SMTP AUTH user name, or null
     * @param employeeAddresses the employee's addresses; {@code employeeId} their id
     * @param fromAddress the mail's From address, whose domain a DKIM signature must be of
     */
    public Optional<Way> verify(String remoteAddress, String authUser, List<String> employeeAddresses, String employeeId,
                                String fromAddress, DkimCheck dkim) {
        if (ways.contains(Way.AUTH) && authUser != null) {
            String user = authUser.trim().toLowerCase(Locale.ROOT);
            if (user.equals(employeeId.toLowerCase(Locale.ROOT)) || employeeAddresses.contains(user)) {
                return Optional.of(Way.AUTH);
            }
        }
        if (ways.contains(Way.NETWORK) && remoteAddress != null && networks.stream().anyMatch(n -> n.contains(remoteAddress))) {
            return Optional.of(Way.NETWORK);
        }
        int at = fromAddress == null ? -1 : fromAddress.lastIndexOf('@');
        if (ways.contains(Way.DKIM) && at > 0 && dkim.passes(fromAddress.substring(at + 1).toLowerCase(Locale.ROOT))) {
            return Optional.of(Way.DKIM);
        }
        return Optional.empty();
    }

    /** An IPv4 or IPv6 network: an address and a prefix length. */
    public record Cidr(byte[] network, int prefix, String text) {
        /**
         * @throws IllegalArgumentException naming the value, e.g. for {@code 10.0.0.0/33}
         */
        public static Cidr parse(String value) {
            String v = value.trim();
            int slash = v.indexOf('/');
            String host = slash < 0 ? v : v.substring(0, slash);
            byte[] bytes = literal(host);
            if (bytes == null) {
                throw new IllegalArgumentException("employee.trustedNetworks '" + value + "' is not a network, e.g. 10.0.0.0/8 or 127.0.0.1");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(v.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("employee.trustedNetworks '" + value + "' has a prefix outside 0-"
                            + bytes.length * 8 + ", e.g. 10.0.0.0/8");
                }
            }
            return new Cidr(bytes, prefix, v);
        }

        /** Whether the address (text, as James gives a client's address) is in this network. */
        public boolean contains(String address) {
            String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
            byte[] a = literal(host);
            if (a == null || a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        /**
         * The bytes of an address literal (10.1.2.3, ::1, fe80::1%eth0), or null. A host name is never looked
         * up: IPv4 is read here, and InetAddress reads a literal with a colon without DNS.
         */
        private static byte[] literal(String host) {
            if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                String[] octets = host.split("\\.");
                byte[] out = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int n = Integer.parseInt(octets[i]);
                    if (n > 255) {
                        return null;
                    }
                    out[i] = (byte) n;
                }
                return out;
            }
            if (host.contains(":") && host.matches("[0-9a-fA-F:.]+(%[0-9A-Za-z]+)?")) {
                try {
                    return InetAddress.getByName(host).getAddress();
                } catch (UnknownHostException e) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(network) * 31 + prefix;
        }
    }
}
