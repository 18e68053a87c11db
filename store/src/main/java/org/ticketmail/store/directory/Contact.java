package org.ticketmail.store.directory;

/** A customer's contact person of an account. {@code address} is lower-cased. */
public record Contact(String name, String address, boolean main) {
}
