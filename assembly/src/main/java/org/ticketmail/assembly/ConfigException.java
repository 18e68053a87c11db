package org.ticketmail.assembly;

/** Configuration is wrong: the message is one line naming the file, the key, the value and the fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
