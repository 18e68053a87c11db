package org.ticketmail.store.mapper;

import java.time.Instant;

/** The row inserted for a held mail; mutable because the database assigns its id. */
public class HeldRow {
    private Long id;
    private final Instant heldAt;
    private final String reason;
    private final String sender;
    private final String recipients;
    private final String subject;
    private final byte[] message;
    private final String messageId;
    private final String ticketNumber;

    public HeldRow(Instant heldAt, String reason, String sender, String recipients, String subject, byte[] message, String messageId,
                   String ticketNumber) {
        this.messageId = messageId;
        this.ticketNumber = ticketNumber;
        this.heldAt = heldAt;
        this.reason = reason;
        this.sender = sender;
        this.recipients = recipients;
        this.subject = subject;
        this.message = message;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Instant getHeldAt() { return heldAt; }
    public String getReason() { return reason; }
    public String getSender() { return sender; }
    public String getRecipients() { return recipients; }
    public String getSubject() { return subject; }
    public byte[] getMessage() { return message; }
    public String getMessageId() { return messageId; }
    public String getTicketNumber() { return ticketNumber; }
    public long getSize() { return message == null ? 0 : message.length; }
}
