package org.ticketmail.store.mapper;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.ticketmail.store.SlaWarning;

/** What SLA evaluation reads of tickets (times and kinds only, never bodies), and the warnings it sent. */
public interface SlaMapper {
    /** Which tickets a query covers: open ones, or those of an account or a manager open in or after {@code since}. */
    /** The scope's conditions but the ticket numbers, on the tickets table {@code t}. */
    String CONDITIONS = "<if test='openOnly'> AND t.status &lt;&gt; 'CLOSED'</if>"
            + "<if test='accountId != null'> AND t.account_id = #{accountId}</if>"
            + "<if test='managerId != null'> AND t.manager_id = #{managerId}</if>"
            + "<if test='since != null'> AND (t.status &lt;&gt; 'CLOSED' OR t.updated_at &gt;= #{since})</if>";
    /**
     * The ticket numbers, each on the table whose rows the statement reads ({@code t}, {@code h}, {@code c}): Derby probes
     * that table's index with the list only then; through the join it scanned the whole history for every batch.
     */
    String NUMBERS = "<foreach item='n' collection='numbers' open='(' separator=',' close=')'>#{n}</foreach></if>";
    String NUMBERS_T = "<if test='numbers != null'> AND t.ticket_number IN" + NUMBERS;
    String NUMBERS_H = "<if test='numbers != null'> AND h.ticket_number IN" + NUMBERS;
    String NUMBERS_C = "<if test='numbers != null'> AND c.ticket_number IN" + NUMBERS;
    String SCOPE = "<where>" + NUMBERS_T + CONDITIONS + "</where>";

    @Select("<script>SELECT t.ticket_number AS number, t.account_id AS accountId, t.manager_id AS managerId, t.status,"
            + " t.created_at AS createdAt, t.updated_at AS updatedAt FROM tickets t " + SCOPE + " ORDER BY t.created_at</script>")
    List<SlaTicketRow> tickets(@Param("numbers") java.util.Collection<String> numbers, @Param("openOnly") boolean openOnly, @Param("accountId") String accountId,
                               @Param("managerId") String managerId, @Param("since") Instant since);

    @Select("<script>SELECT h.ticket_number AS ticketNumber, h.recorded_at AS \"at\", h.direction, h.is_public AS isPublic, h.sender"
            + " FROM history h"
            + "<if test='numbers == null'> JOIN tickets t ON t.ticket_number = h.ticket_number</if> <where>" + NUMBERS_H
            + "<if test='numbers == null'>" + CONDITIONS + "</if></where></script>")
    List<SlaEntryRow> entries(@Param("numbers") java.util.Collection<String> numbers, @Param("openOnly") boolean openOnly, @Param("accountId") String accountId,
                              @Param("managerId") String managerId, @Param("since") Instant since);

    @Select("<script>SELECT c.ticket_number AS ticketNumber, c.changed_at AS \"at\", c.field, c.new_value AS status"
            + " FROM ticket_changes c<if test='numbers == null'> JOIN tickets t ON t.ticket_number = c.ticket_number</if>"
            + " <where> c.field IN ('status', 'import')" + NUMBERS_C + "<if test='numbers == null'>" + CONDITIONS + "</if></where>"
            + " ORDER BY c.id</script>")
    List<SlaStatusRow> statusChanges(@Param("numbers") java.util.Collection<String> numbers, @Param("openOnly") boolean openOnly,
                                     @Param("accountId") String accountId, @Param("managerId") String managerId,
                                     @Param("since") Instant since);

    /** The {@code #time} changes since {@code since}, by {@code actor} or on tickets of {@code accountId}: totals before and after. */
    @Select("<script>SELECT c.ticket_number AS ticketNumber, c.actor, c.changed_at AS \"at\", c.old_value AS \"from\", c.new_value AS \"to\""
            + " FROM ticket_changes c JOIN tickets t ON t.ticket_number = c.ticket_number WHERE c.field = 'time' AND c.changed_at &gt;= #{since}"
            + "<if test='actor != null'> AND c.actor = #{actor}</if><if test='accountId != null'> AND t.account_id = #{accountId}</if>"
            + " ORDER BY c.id</script>")
    List<WorkRow> work(@Param("actor") String actor, @Param("accountId") String accountId, @Param("since") Instant since);

    String WARNING_COLUMNS = "w.ticket_number AS ticketNumber, w.kind, w.clock_start AS clockStart, w.noticed_at AS noticedAt,"
            + " w.recipients, w.history_id AS historyId, w.sent_at AS sentAt";

    @Select("SELECT " + WARNING_COLUMNS + " FROM sla_warnings w JOIN tickets t ON t.ticket_number = w.ticket_number"
            + " WHERE t.status <> 'CLOSED'")
    List<SlaWarning> openTicketWarnings();

    @Select("SELECT " + WARNING_COLUMNS + " FROM sla_warnings w WHERE w.ticket_number = #{number} ORDER BY w.noticed_at")
    List<SlaWarning> warnings(@Param("number") String number);

    @Select("<script>SELECT " + WARNING_COLUMNS + " FROM sla_warnings w WHERE w.ticket_number IN"
            + "<foreach item='n' collection='numbers' open='(' separator=',' close=')'>#{n}</foreach></script>")
    List<SlaWarning> warningsOf(@Param("numbers") java.util.Collection<String> numbers);

    @Select("SELECT " + WARNING_COLUMNS + " FROM sla_warnings w WHERE w.sent_at IS NULL ORDER BY w.noticed_at")
    List<SlaWarning> unsent();

    @Select("SELECT COUNT(*) FROM sla_warnings WHERE ticket_number = #{number} AND kind = #{kind} AND clock_start = #{start}")
    int countWarning(@Param("number") String number, @Param("kind") String kind, @Param("start") Instant start);

    @Insert("INSERT INTO sla_warnings (ticket_number, kind, clock_start, noticed_at, recipients, history_id)"
            + " VALUES (#{number}, #{kind}, #{start}, #{at}, #{recipients}, #{historyId})")
    void insertWarning(@Param("number") String number, @Param("kind") String kind, @Param("start") Instant start,
                       @Param("at") Instant at, @Param("recipients") String recipients, @Param("historyId") Long historyId);

    @Update("UPDATE sla_warnings SET sent_at = #{at} WHERE ticket_number = #{number} AND kind = #{kind} AND clock_start = #{start}")
    int markSent(@Param("number") String number, @Param("kind") String kind, @Param("start") Instant start, @Param("at") Instant at);
}
