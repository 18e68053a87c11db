package org.ticketmail.store;

/** An attachment of a recorded mail: its file name and size in bytes. */
public record Attachment(String name, long size) {
}
