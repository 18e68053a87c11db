package org.ticketmail.store.mapper;

import java.time.Instant;

/** The row inserted for a history entry; mutable because the database assigns its id. */
public class HistoryRow {
    private Long id;
    private String ticketNumber;
    private Instant at;
    private String direction;
    private boolean isPublic;
    private String sender;
    private String subject;
    private String body;
    private String note;
    private String messageId;
    private byte[] original;
    private String threading;

    public HistoryRow(String ticketNumber, Instant at, String direction, boolean isPublic, String sender,
                      String subject, String body, String note, String messageId, byte[] original, String threading) {
        this.ticketNumber = ticketNumber;
        this.at = at;
        this.direction = direction;
        this.isPublic = isPublic;
        this.sender = sender;
        this.subject = subject;
        this.body = body;
        this.note = note;
        this.messageId = messageId;
        this.original = original;
        this.threading = threading;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getTicketNumber() { return ticketNumber; }
    public Instant getAt() { return at; }
    public String getDirection() { return direction; }
    public boolean getIsPublic() { return isPublic; }
    public String getSender() { return sender; }
    public String getSubject() { return subject; }
    public String getBody() { return body; }
    public String getNote() { return note; }
    public String getMessageId() { return messageId; }
    public byte[] getOriginal() { return original; }
    public String getThreading() { return threading; }
}
