package org.ticketmail.store.directory;

/** The directory file is unreadable or wrong; the message names the file, the key and the fix. */
public class DirectoryException extends RuntimeException {
    public DirectoryException(String message) {
        super(message);
    }

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
