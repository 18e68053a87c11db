package org.ticketmail.store.mapper;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.ticketmail.store.Attachment;
import org.ticketmail.store.Change;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketQuery;
import org.ticketmail.store.TicketSummary;

/** Tickets, their recipients and history, the Message-ID map and the ticket number counter. */
public interface TicketMapper {

    @Select("SELECT next_value FROM ticket_counter WHERE name = #{name} FOR UPDATE")
    Long counter(@Param("name") String name);

    @Insert("INSERT INTO ticket_counter (name, next_value) VALUES (#{name}, #{value})")
    void insertCounter(@Param("name") String name, @Param("value") long value);

    @Update("UPDATE ticket_counter SET next_value = #{value} WHERE name = #{name}")
    void updateCounter(@Param("name") String name, @Param("value") long value);

    /** Takes the row lock by writing first, so concurrent transactions each get their own value. */
    @Update("UPDATE ticket_counter SET next_value = next_value + 1 WHERE name = #{name}")
    int incrementCounter(@Param("name") String name);

    @Insert("INSERT INTO tickets (ticket_number, subject, account_id, contact_address, manager_id, status, priority,"
            + " in_inbox, created_at, updated_at) VALUES (#{number}, #{subject}, #{accountId}, #{contactAddress},"
            + " #{managerId}, #{status}, #{priority}, #{inInbox}, #{createdAt}, #{updatedAt})")
    void insertTicket(Ticket ticket);

    String TICKET_COLUMNS = "ticket_number AS number, subject, account_id AS accountId, contact_address AS contactAddress,"
            + " manager_id AS managerId, status, priority, in_inbox AS inInbox, created_at AS createdAt, updated_at AS updatedAt,"
            + " resolution, epilogue, locked, rating, rating_comment AS ratingComment, time_used_minutes AS timeUsedMinutes";

    /**
     * Takes the ticket's row lock for the rest of the transaction (Derby locks the row it updates), so mails on
     * one ticket recorded at the same time apply one after the other instead of writing back stale state.
     */
    @Update("UPDATE tickets SET updated_at = updated_at WHERE ticket_number = #{number}")
    int lockTicket(@Param("number") String number);

    /** Writes every field a ticket's life changes. */
    @Update("UPDATE tickets SET manager_id = #{managerId}, account_id = #{accountId}, status = #{status}, priority = #{priority},"
            + " in_inbox = #{inInbox}, updated_at = #{updatedAt}, resolution = #{resolution}, epilogue = #{epilogue},"
            + " locked = #{locked}, rating = #{rating}, rating_comment = #{ratingComment}, time_used_minutes = #{timeUsedMinutes}"
            + " WHERE ticket_number = #{number}")
    int updateTicket(Ticket ticket);

    @Insert("INSERT INTO ticket_changes (ticket_number, changed_at, actor, field, old_value, new_value, history_id)"
            + " VALUES (#{number}, #{c.at}, #{c.actor}, #{c.field}, #{c.from}, #{c.to}, #{historyId})")
    void insertChange(@Param("number") String number, @Param("c") Change change, @Param("historyId") Long historyId);

    @Select("SELECT changed_at AS \"at\", actor, field, old_value AS \"from\", new_value AS \"to\" FROM ticket_changes"
            + " WHERE ticket_number = #{number} ORDER BY id")
    List<Change> changes(@Param("number") String number);

    @Delete("DELETE FROM ticket_recipients WHERE ticket_number = #{number} AND address = #{address}")
    int deleteRecipient(@Param("number") String number, @Param("address") String address);

    @Select("SELECT " + TICKET_COLUMNS + " FROM tickets WHERE ticket_number = #{number}")
    Ticket ticket(@Param("number") String number);


    @Select("SELECT ticket_number AS number, subject, status, updated_at AS updatedAt FROM tickets"
            + " WHERE updated_at >= #{since} ORDER BY updated_at, ticket_number")
    List<TicketSummary> updatedSince(@Param("since") Instant since);

    /** Tickets by the seed's views: changed since, in the inbox, by manager, by status; each filter optional. */
    @Select("<script>SELECT ticket_number AS number, subject, status, updated_at AS updatedAt FROM tickets"
            + "<where>"
            + "<if test='q.updatedSince != null'>updated_at &gt;= #{q.updatedSince}</if>"
            + "<if test='q.inbox != null'> AND in_inbox = #{q.inbox}</if>"
            + "<if test='q.manager != null'> AND manager_id = #{q.manager}</if>"
            + "<if test='q.status != null'> AND status = #{q.status}</if>"
            + "</where> ORDER BY updated_at, ticket_number FETCH FIRST #{q.limit} ROWS ONLY</script>")
    List<TicketSummary> find(@Param("q") TicketQuery query);

    @Select("SELECT COUNT(*) FROM tickets")
    long countTickets();

    @Insert("INSERT INTO ticket_recipients (ticket_number, address, kind, employee_id, added_at)"
            + " VALUES (#{number}, #{r.address}, #{r.kind}, #{r.employeeId}, #{at})")
    void insertRecipient(@Param("number") String number, @Param("r") Recipient recipient, @Param("at") Instant at);

    @Select("SELECT address, kind, employee_id AS employeeId FROM ticket_recipients WHERE ticket_number = #{number}"
            + " ORDER BY id")
    List<Recipient> recipients(@Param("number") String number);

    @Insert("INSERT INTO history (ticket_number, recorded_at, direction, is_public, sender, subject, body, note,"
            + " message_id, original, threading) VALUES (#{ticketNumber}, #{at}, #{direction}, #{isPublic}, #{sender}, #{subject},"
            + " #{body,jdbcType=CLOB}, #{note}, #{messageId}, #{original,jdbcType=BLOB}, #{threading})")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    void insertHistory(HistoryRow row);

    @Select("SELECT id, ticket_number AS ticketNumber, recorded_at AS \"at\", direction, is_public AS isPublic, sender,"
            + " subject, body AS text, note, message_id AS messageId, threading FROM history WHERE ticket_number = #{number}"
            + " ORDER BY id")
    List<HistoryEntry> history(@Param("number") String number);

    @Select("SELECT body FROM history WHERE ticket_number = #{number} AND is_public = TRUE ORDER BY id FETCH FIRST 1 ROWS ONLY")
    String firstText(@Param("number") String number);

    @Select("SELECT original AS bytes FROM history WHERE id = #{id}")
    BlobValue original(@Param("id") long historyId);

    @Insert("INSERT INTO history_attachments (history_id, seq, name, size_bytes)"
            + " VALUES (#{historyId}, #{seq}, #{a.name}, #{a.size})")
    void insertAttachment(@Param("historyId") long historyId, @Param("seq") int seq, @Param("a") Attachment attachment);

    @Select("SELECT name, size_bytes AS size FROM history_attachments WHERE history_id = #{historyId} ORDER BY seq")
    List<Attachment> attachments(@Param("historyId") long historyId);

    @Insert("INSERT INTO message_ids (message_key, ticket_number, recorded_at) VALUES (#{key}, #{number}, #{at})")
    void insertMessageId(@Param("key") String key, @Param("number") String number, @Param("at") Instant at);

    @Select("SELECT ticket_number FROM tickets WHERE status = #{status} AND updated_at < #{before} ORDER BY updated_at"
            + " FETCH FIRST #{limit} ROWS ONLY")
    List<String> idleWithStatus(@Param("status") String status, @Param("before") Instant before, @Param("limit") int limit);

    /**
     * Tickets the actor closed since {@code since} (a status change to closed) that are still closed and have no history entry
     * noted {@code note} from then on: an automatic closing whose alert is not recorded yet.
     */
    @Select("SELECT c.ticket_number FROM ticket_changes c JOIN tickets t ON t.ticket_number = c.ticket_number"
            + " WHERE c.actor = #{actor} AND c.field = 'status' AND c.new_value = 'closed' AND c.changed_at >= #{since}"
            + " AND t.status = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM history h WHERE h.ticket_number = c.ticket_number"
            + " AND h.recorded_at >= c.changed_at AND h.note = #{note})")
    List<String> closedWithoutEntry(@Param("actor") String actor, @Param("since") Instant since, @Param("note") String note);

    @Select("SELECT COUNT(*) FROM tickets WHERE contact_address = #{address} AND status <> 'CLOSED'")
    int countOpenForContact(@Param("address") String address);

    @Select("SELECT COUNT(*) FROM tickets WHERE contact_address = #{address} AND created_at >= #{since}")
    int countOpenedForContactSince(@Param("address") String address, @Param("since") Instant since);

    @Select("SELECT ticket_number FROM message_ids WHERE message_key = #{key}")
    String ticketForMessageKey(@Param("key") String key);

    @Insert("INSERT INTO held_mail (held_at, reason, sender, recipients, subject, message, message_id, ticket_number, size_bytes)"
            + " VALUES (#{heldAt}, #{reason}, #{sender}, #{recipients}, #{subject}, #{message,jdbcType=BLOB}, #{messageId},"
            + " #{ticketNumber}, #{size})")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    void insertHeld(HeldRow row);

    String HELD_COLUMNS = "id, held_at AS heldAt, reason, sender, recipients, subject, message_id AS messageId,"
            + " ticket_number AS ticketNumber, size_bytes AS \"size\", released_at AS releasedAt";

    @Select("SELECT " + HELD_COLUMNS + " FROM held_mail WHERE id = #{id}")
    HeldMail heldMail(@Param("id") long id);

    @Update("UPDATE held_mail SET released_at = #{at} WHERE id = #{id} AND released_at IS NULL")
    int markReleased(@Param("id") long id, @Param("at") java.time.Instant at);

    @Select("SELECT " + HELD_COLUMNS + " FROM held_mail ORDER BY id DESC FETCH FIRST #{limit} ROWS ONLY")
    List<HeldMail> held(@Param("limit") int limit);

    @Select("SELECT " + HELD_COLUMNS + " FROM held_mail WHERE id < #{before} ORDER BY id DESC FETCH FIRST #{limit} ROWS ONLY")
    List<HeldMail> heldBefore(@Param("before") long before, @Param("limit") int limit);

    @Select("SELECT " + HELD_COLUMNS + " FROM held_mail WHERE reason LIKE #{prefix} AND id < #{before} ORDER BY id DESC"
            + " FETCH FIRST #{limit} ROWS ONLY")
    List<HeldMail> heldWithReasonBefore(@Param("prefix") String prefix, @Param("before") long before, @Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM held_mail WHERE reason LIKE #{prefix}")
    long countHeldWithReason(@Param("prefix") String prefix);

    /** Deletes the held mails whose reason starts as given that were held before {@code before}. */
    @org.apache.ibatis.annotations.Delete("DELETE FROM held_mail WHERE reason LIKE #{prefix} AND held_at < #{before}")
    int deleteHeldBefore(@Param("prefix") String prefix, @Param("before") java.time.Instant before);

    @Update("UPDATE tickets SET suspect = #{why} WHERE ticket_number = #{number}")
    void markSuspect(@Param("number") String number, @Param("why") String why);

    @Select("SELECT suspect FROM tickets WHERE ticket_number = #{number}")
    String suspect(@Param("number") String number);

    @Select("SELECT ticket_number AS number, subject, created_at AS createdAt, suspect AS why FROM tickets WHERE suspect IS NOT NULL"
            + " ORDER BY created_at DESC, ticket_number DESC FETCH FIRST #{limit} ROWS ONLY")
    List<org.ticketmail.store.SuspectTicket> newestSuspect(@Param("limit") int limit);


    @Select("SELECT SUBSTR(reason, 1, 60) AS reason, COUNT(*) AS n FROM held_mail GROUP BY SUBSTR(reason, 1, 60)")
    List<java.util.Map<String, Object>> heldCountsByReason();

    @Select("SELECT COUNT(*) FROM held_mail")
    long countHeld();

    @Select("SELECT message AS bytes FROM held_mail WHERE id = #{id}")
    BlobValue heldMessage(@Param("id") long id);

    @Insert("INSERT INTO mail_runs (message_key, ticket_number, history_id, outcome, steps_done, recorded_at, boot_id)"
            + " VALUES (#{key}, #{number}, #{historyId}, #{outcome,jdbcType=CLOB}, '', #{at}, #{bootId})")
    void insertMailRun(@Param("key") String key, @Param("number") String number, @Param("historyId") long historyId,
                       @Param("outcome") String outcome, @Param("at") Instant at, @Param("bootId") String bootId);

    @Select("SELECT ticket_number AS ticketNumber, history_id AS historyId, outcome, steps_done AS stepsDone, boot_id AS bootId"
            + " FROM mail_runs WHERE message_key = #{key}")
    MailRunRow mailRun(@Param("key") String key);

    @Update("UPDATE mail_runs SET steps_done = #{done} WHERE message_key = #{key}")
    int updateMailRunSteps(@Param("key") String key, @Param("done") String done);

    String FAILING_COLUMNS = "address, failed_at AS failedAt, status, diagnostic, ticket_number AS ticketNumber";

    @Select("SELECT " + FAILING_COLUMNS + " FROM failing_addresses WHERE address = #{address}")
    org.ticketmail.store.FailingAddress failingAddress(@Param("address") String address);

    @Select("SELECT address FROM failing_addresses")
    List<String> allFailing();

    @Insert("INSERT INTO failing_addresses (address, failed_at, status, diagnostic, ticket_number)"
            + " VALUES (#{address}, #{failedAt}, #{status}, #{diagnostic}, #{ticketNumber})")
    void insertFailing(org.ticketmail.store.FailingAddress row);

    @Update("UPDATE failing_addresses SET failed_at = #{failedAt}, status = #{status}, diagnostic = #{diagnostic},"
            + " ticket_number = #{ticketNumber} WHERE address = #{address}")
    void updateFailing(org.ticketmail.store.FailingAddress row);

    @Delete("DELETE FROM failing_addresses WHERE address = #{address}")
    int deleteFailing(@Param("address") String address);

    @Select("SELECT " + FAILING_COLUMNS + " FROM failing_addresses ORDER BY failed_at DESC, address FETCH FIRST #{limit} ROWS ONLY")
    List<org.ticketmail.store.FailingAddress> failingAddresses(@Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM failing_addresses")
    long countFailing();
}
