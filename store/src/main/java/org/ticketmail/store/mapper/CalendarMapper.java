package org.ticketmail.store.mapper;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarJob;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.SyncState;

/** Tickets' schedules, their calendar events, the calendar work queue and sync tokens. */
public interface CalendarMapper {
    @Select("SELECT technician_id AS technicianId, start_at AS \"start\", end_at AS \"end\", label FROM ticket_schedules"
            + " WHERE ticket_number = #{number}")
    Schedule schedule(@Param("number") String number);

    @Insert("INSERT INTO ticket_schedules (ticket_number, technician_id, start_at, end_at, label, changed_at)"
            + " VALUES (#{number}, #{s.technicianId}, #{s.start}, #{s.end}, #{s.label}, #{at})")
    void insertSchedule(@Param("number") String number, @Param("s") Schedule schedule, @Param("at") Instant at);

    @Delete("DELETE FROM ticket_schedules WHERE ticket_number = #{number}")
    int deleteSchedule(@Param("number") String number);

    @Select("SELECT changed_at FROM ticket_schedules WHERE ticket_number = #{number}")
    Instant scheduleChangedAt(@Param("number") String number);

    /** Schedules ending after {@code from} and starting before {@code to}, of one technician or (null) all, earliest first. */
    @Select("<script>SELECT s.ticket_number AS ticketNumber, t.status AS status, s.technician_id AS technicianId,"
            + " s.start_at AS \"start\", s.end_at AS \"end\", s.label AS label"
            + " FROM ticket_schedules s JOIN tickets t ON t.ticket_number = s.ticket_number"
            + " WHERE s.end_at &gt; #{from} AND s.start_at &lt; #{to}"
            + "<if test='technician != null'> AND s.technician_id = #{technician}</if>"
            + " ORDER BY s.start_at, s.ticket_number</script>")
    List<ScheduleRow> schedules(@Param("technician") String technicianId, @Param("from") Instant from, @Param("to") Instant to);

    String EVENT_COLUMNS = "ticket_number AS ticketNumber, technician_id AS technicianId, mode, calendar_id AS calendarId,"
            + " event_id AS eventId, sequence_no AS \"sequence\", start_at AS \"start\", end_at AS \"end\","
            + " spec_digest AS specDigest, written, written_at AS writtenAt";

    @Select("SELECT " + EVENT_COLUMNS + " FROM calendar_events WHERE ticket_number = #{number}")
    CalendarEventRecord event(@Param("number") String number);

    @Select("SELECT " + EVENT_COLUMNS + " FROM calendar_events WHERE event_id = #{eventId}")
    List<CalendarEventRecord> eventsById(@Param("eventId") String eventId);

    @Select("SELECT " + EVENT_COLUMNS + " FROM calendar_events ORDER BY ticket_number")
    List<CalendarEventRecord> events();

    @Insert("INSERT INTO calendar_events (ticket_number, technician_id, mode, calendar_id, event_id, sequence_no, start_at,"
            + " end_at, spec_digest, written, written_at) VALUES (#{ticketNumber}, #{technicianId}, #{mode}, #{calendarId},"
            + " #{eventId}, #{sequence}, #{start}, #{end}, #{specDigest}, #{written}, #{writtenAt})")
    void insertEvent(CalendarEventRecord event);

    @Delete("DELETE FROM calendar_events WHERE ticket_number = #{number}")
    int deleteEvent(@Param("number") String number);

    @Select("SELECT version FROM calendar_work WHERE ticket_number = #{number}")
    Integer jobVersion(@Param("number") String number);

    @Insert("INSERT INTO calendar_work (ticket_number, version, queued_at, due_at, attempts)"
            + " VALUES (#{number}, 1, #{at}, #{at}, 0)")
    void insertJob(@Param("number") String number, @Param("at") Instant at);

    @Update("UPDATE calendar_work SET version = version + 1, queued_at = #{at}, due_at = #{at}, attempts = 0"
            + " WHERE ticket_number = #{number}")
    int requeueJob(@Param("number") String number, @Param("at") Instant at);

    String JOB_COLUMNS = "ticket_number AS ticketNumber, version, queued_at AS queuedAt, due_at AS dueAt, attempts,"
            + " last_error AS lastError";

    @Select("SELECT " + JOB_COLUMNS + " FROM calendar_work WHERE due_at <= #{now} ORDER BY due_at, ticket_number"
            + " FETCH FIRST #{limit} ROWS ONLY")
    List<CalendarJob> dueJobs(@Param("now") Instant now, @Param("limit") int limit);

    @Select("SELECT " + JOB_COLUMNS + " FROM calendar_work ORDER BY due_at, ticket_number FETCH FIRST #{limit} ROWS ONLY")
    List<CalendarJob> jobs(@Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM calendar_work")
    long countJobs();

    @Delete("DELETE FROM calendar_work WHERE ticket_number = #{number} AND version = #{version}")
    int deleteJob(@Param("number") String number, @Param("version") int version);

    @Update("UPDATE calendar_work SET attempts = attempts + 1, due_at = #{due}, last_error = #{error}"
            + " WHERE ticket_number = #{number} AND version = #{version}")
    int failJob(@Param("number") String number, @Param("version") int version, @Param("due") Instant due,
                @Param("error") String error);

    @Select("SELECT calendar_id AS calendarId, sync_token AS syncToken, synced_at AS syncedAt, last_error AS lastError"
            + " FROM calendar_sync ORDER BY calendar_id")
    List<SyncState> syncStates();

    @Select("SELECT calendar_id AS calendarId, sync_token AS syncToken, synced_at AS syncedAt, last_error AS lastError"
            + " FROM calendar_sync WHERE calendar_id = #{id}")
    SyncState syncState(@Param("id") String calendarId);

    @Insert("INSERT INTO calendar_sync (calendar_id, sync_token, synced_at, last_error) VALUES (#{calendarId}, #{syncToken},"
            + " #{syncedAt}, #{lastError})")
    void insertSyncState(SyncState state);

    @Update("UPDATE calendar_sync SET sync_token = #{syncToken}, synced_at = #{syncedAt}, last_error = #{lastError}"
            + " WHERE calendar_id = #{calendarId}")
    int updateSyncState(SyncState state);
}
