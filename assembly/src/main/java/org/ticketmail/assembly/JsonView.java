package org.ticketmail.assembly;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.ticketmail.store.Attachment;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarJob;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.SyncState;
import org.ticketmail.store.Change;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketImport;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketSummary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The bodies the status server writes (README, "The JSON view"). The field names are a contract: fields
 * may be added, never renamed. Every record fixes its field order with {@link JsonPropertyOrder}; null
 * values are written as {@code null} except where a record says otherwise. Instants are written as
 * {@link Instant#toString()}, statuses, kinds and directions in lower case.
 */
final class JsonView {
    private JsonView() {
    }

    /** {@code GET /api/tickets/{number}}. */
    @JsonPropertyOrder({"number", "subject", "status", "account", "contact", "manager", "priority", "inInbox", "createdAt",
            "updatedAt", "resolution", "epilogue", "locked", "rating", "ratingComment", "timeUsedMinutes", "schedule", "suspect",
            "sla", "recipients", "history", "changes"})
    record TicketView(String number, String subject, String status, String account, String contact, String manager,
                      String priority, boolean inInbox, String createdAt, String updatedAt, String resolution, String epilogue,
                      boolean locked, String rating, String ratingComment, int timeUsedMinutes, ScheduleView schedule, String suspect,
                      SlaTicketView sla, List<RecipientView> recipients, List<HistoryEntryView> history, List<ChangeView> changes) {
        /**
         * @param attachments the attachments of a history entry, by its id
         * @param schedule the ticket's schedule, or null
         * @param event its calendar event, or null
         * @param suspect why the ticket's opening mail is suspected spam, or null
         * @param sla the ticket against its service level, or null when it has none
         */
        static TicketView from(Ticket ticket, List<Recipient> recipients, List<HistoryEntry> history,
                               LongFunction<List<Attachment>> attachments, List<Change> changes, Schedule schedule,
                               CalendarEventRecord event, String suspect, org.ticketmail.sla.SlaFigures.TicketFigures sla) {
            return new TicketView(ticket.number(), ticket.subject(), statusName(ticket.status()), ticket.accountId(),
                    ticket.contactAddress(), ticket.managerId(), ticket.priority(), ticket.inInbox(),
                    instant(ticket.createdAt()), instant(ticket.updatedAt()), ticket.resolution(), ticket.epilogue(),
                    ticket.locked(), ticket.rating(), ticket.ratingComment(), ticket.timeUsedMinutes(),
                    schedule == null ? null : ScheduleView.from(schedule, event), suspect,
                    sla == null ? null : SlaTicketView.from(sla), recipients.stream().map(RecipientView::from).toList(),
                    history.stream().map(h -> HistoryEntryView.from(h, attachments.apply(h.id()))).toList(),
                    changes.stream().map(ChangeView::from).toList());
        }
    }

    /**
     * A ticket against its service level: {@code sla} (its id in conf/sla.yaml), {@code compliance} (the share of its open
     * time within the level, 0 to 1; null before it was open at all), {@code waitingSince} and {@code responseDue} (a
     * customer mail waiting for an answer, and when its response time runs out; null when none waits or the clock is
     * paused), and {@code breaches}.
     */
    @JsonPropertyOrder({"sla", "compliance", "waitingSince", "responseDue", "breaches"})
    record SlaTicketView(String sla, Double compliance, String waitingSince, String responseDue, List<BreachView> breaches) {
        static SlaTicketView from(org.ticketmail.sla.SlaFigures.TicketFigures f) {
            return new SlaTicketView(f.sla(), f.compliance().map(JsonView::share).orElse(null), f.waitingSince().map(Instant::toString).orElse(null),
                    f.responseDue().map(Instant::toString).orElse(null), f.breaches().stream().map(BreachView::from).toList());
        }
    }

    /** A breach: {@code ticket}, {@code kind} (response, lifetime, inactivity), {@code start}, {@code end} (null while it lasts). */
    @JsonPropertyOrder({"ticket", "kind", "start", "end"})
    record BreachView(String ticket, String kind, String start, String end) {
        static BreachView from(org.ticketmail.store.sla.Breach b) {
            return new BreachView(b.ticketNumber(), b.kind().jsonName(), b.start().toString(), b.end().map(Instant::toString).orElse(null));
        }
    }

    /**
     * {@code GET /api/sla?account=ID} and {@code ?employee=ID}: the tickets of an account (or managed by a technician) with
     * a service level, open now or in the last 30 days; {@code openTickets} open now; {@code windows} {@code 1d},
     * {@code 15d} and {@code 30d}, each with the tickets open in it, their {@code compliance} (the share of their open
     * time in the window within their level; null when none was open) and the {@code breaches} that began in it;
     * {@code timeUsedMinutes} per window, the {@code #time} work units the technician reported (or reported on the
     * account's tickets); then each ticket.
     */
    @JsonPropertyOrder({"account", "employee", "openTickets", "windows", "timeUsedMinutes", "tickets"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SlaReportView(String account, String employee, int openTickets, Map<String, SlaWindowView> windows,
                         Map<String, Integer> timeUsedMinutes, List<SlaTicketRow> tickets) {
        static SlaReportView from(String account, String employee, org.ticketmail.sla.SlaFigures.Report r) {
            Map<String, SlaWindowView> windows = new java.util.LinkedHashMap<>();
            r.windows().forEach((k, w) -> windows.put(k, new SlaWindowView(w.tickets(), w.compliance().map(JsonView::share).orElse(null),
                    w.breaches())));
            return new SlaReportView(account, employee, r.openTickets(), windows, r.minutesWorked(),
                    r.tickets().stream().map(SlaTicketRow::from).toList());
        }
    }

    @JsonPropertyOrder({"tickets", "compliance", "breaches"})
    record SlaWindowView(int tickets, Double compliance, int breaches) {
    }

    /** One ticket of an SLA report: its number, then as {@link SlaTicketView}. */
    @JsonPropertyOrder({"number", "sla", "compliance", "waitingSince", "responseDue", "breaches"})
    record SlaTicketRow(String number, String sla, Double compliance, String waitingSince, String responseDue, List<BreachView> breaches) {
        static SlaTicketRow from(org.ticketmail.sla.SlaFigures.TicketFigures f) {
            SlaTicketView v = SlaTicketView.from(f);
            return new SlaTicketRow(f.number(), v.sla(), v.compliance(), v.waitingSince(), v.responseDue(), v.breaches());
        }
    }

    /** A share rounded to four places: 0.9731. */
    private static double share(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /**
     * When a ticket is scheduled: {@code start} and {@code end} (ISO-8601 UTC), {@code technician} (employee id),
     * {@code label} (the slot in calendar.timezone), and the calendar event: {@code eventId} (a Google event id or an
     * iCalendar UID; null until the calendar work ran), {@code calendar} and {@code written} (whether the calendar has
     * taken the latest change).
     */
    @JsonPropertyOrder({"start", "end", "technician", "label", "eventId", "calendar", "written"})
    record ScheduleView(String start, String end, String technician, String label, String eventId, String calendar, boolean written) {
        static ScheduleView from(Schedule schedule, CalendarEventRecord event) {
            return new ScheduleView(instant(schedule.start()), instant(schedule.end()), schedule.technicianId(), schedule.label(),
                    event == null ? null : event.eventId(), event == null ? null : event.calendarId(),
                    event != null && event.written() && event.start().equals(schedule.start()) && event.end().equals(schedule.end()));
        }
    }

    /**
     * {@code GET /api/calendar}: the calendar work waiting (the backlog, each ticket with its attempts, next try and
     * last error) and where each watched calendar's sync stands.
     */
    @JsonPropertyOrder({"google", "backlog", "pending", "calendars"})
    record CalendarView(boolean google, long backlog, List<JobView> pending, List<SyncView> calendars) {
        static CalendarView from(boolean google, long backlog, List<CalendarJob> jobs, List<SyncState> syncs) {
            return new CalendarView(google, backlog, jobs.stream().map(JobView::from).toList(), syncs.stream().map(SyncView::from).toList());
        }
    }

    @JsonPropertyOrder({"ticket", "queuedAt", "nextAttempt", "attempts", "lastError"})
    record JobView(String ticket, String queuedAt, String nextAttempt, int attempts, String lastError) {
        static JobView from(CalendarJob job) {
            return new JobView(job.ticketNumber(), instant(job.queuedAt()), instant(job.dueAt()), job.attempts(), job.lastError());
        }
    }

    @JsonPropertyOrder({"calendar", "syncedAt", "lastError"})
    record SyncView(String calendar, String syncedAt, String lastError) {
        static SyncView from(SyncState state) {
            return new SyncView(state.calendarId(), instant(state.syncedAt()), state.lastError());
        }
    }

    /** A change of the ticket: when, by whom (an employee id, or a customer's address), which field, from and to. */
    @JsonPropertyOrder({"at", "by", "field", "from", "to"})
    record ChangeView(String at, String by, String field, String from, String to) {
        static ChangeView from(Change change) {
            return new ChangeView(instant(change.at()), change.actor(), change.field(), change.from(), change.to());
        }
    }

    /** A recipient of a ticket; {@code employee} only for an employee recipient. */
    @JsonPropertyOrder({"address", "kind", "employee"})
    record RecipientView(String address, String kind,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String employee) {
        static RecipientView from(Recipient recipient) {
            return new RecipientView(recipient.address(), recipient.kind().jsonName(), recipient.employeeId());
        }
    }

    /** One mail in a ticket's history; {@code note} only when the gateway noted something. */
    @JsonPropertyOrder({"at", "direction", "public", "sender", "subject", "text", "messageId", "threading", "note", "attachments"})
    record HistoryEntryView(String at, String direction, @JsonProperty("public") boolean isPublic, String sender,
                            String subject, String text, String messageId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String threading,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                            List<AttachmentView> attachments) {
        static HistoryEntryView from(HistoryEntry entry, List<Attachment> attachments) {
            return new HistoryEntryView(instant(entry.at()), entry.direction().jsonName(), entry.isPublic(), entry.sender(),
                    entry.subject(), entry.text(), entry.messageId(), entry.threading(), entry.note(),
                    attachments.stream().map(AttachmentView::from).toList());
        }
    }

    /** An attachment of a recorded mail: file name and size in bytes. */
    @JsonPropertyOrder({"name", "size"})
    record AttachmentView(String name, long size) {
        static AttachmentView from(Attachment attachment) {
            return new AttachmentView(attachment.name(), attachment.size());
        }
    }

    /** An item of {@code GET /api/tickets?updatedSince=...}. */
    @JsonPropertyOrder({"number", "subject", "status", "updatedAt"})
    record TicketSummaryView(String number, String subject, String status, String updatedAt) {
        static TicketSummaryView from(TicketSummary summary) {
            return new TicketSummaryView(summary.number(), summary.subject(), statusName(summary.status()),
                    instant(summary.updatedAt()));
        }
    }

    /** {@code {"tickets": [...]}}. */
    record TicketList(List<TicketSummaryView> tickets) {
        static TicketList from(List<TicketSummary> summaries) {
            return new TicketList(summaries.stream().map(TicketSummaryView::from).toList());
        }
    }

    /**
     * An item of {@code GET /api/held}: {@code kind} groups the reason (spam, automatic, failure, ...); {@code message} is
     * where its original can be downloaded; {@code releasedAt} null until released; for spam, {@code score} (null when
     * an upstream filter's header gave none) and {@code rules}.
     */
    @JsonPropertyOrder({"id", "heldAt", "kind", "reason", "sender", "recipients", "subject", "messageId", "ticket", "size", "message",
            "releasedAt", "score", "rules"})
    record HeldMailView(long id, String heldAt, String kind, String reason, String sender, String recipients, String subject,
                        String messageId, String ticket, long size, String message, String releasedAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> rules) {
        static HeldMailView from(HeldMail held) {
            String kind = org.ticketmail.mailets.HeldReasons.kind(held.reason());
            boolean spam = kind.equals("spam");
            return new HeldMailView(held.id(), instant(held.heldAt()), kind, held.reason(), held.sender(), held.recipients(),
                    held.subject(), held.messageId(), held.ticketNumber(), held.size(), "/api/held/" + held.id() + "/message",
                    held.releasedAt() == null ? null : instant(held.releasedAt()),
                    spam ? org.ticketmail.mailets.SpamFilter.scoreOf(held.reason()).orElse(null) : null,
                    spam ? org.ticketmail.mailets.SpamFilter.rulesOf(held.reason()) : null);
        }
    }

    /** {@code GET /api/failing}: the addresses that bounced permanently, the most recent first, and how many there are. */
    @JsonPropertyOrder({"failing", "total"})
    record FailingList(List<FailingView> failing, long total) {
        static FailingList from(List<org.ticketmail.store.FailingAddress> failing, long total) {
            return new FailingList(failing.stream().map(f -> new FailingView(f.address(), instant(f.failedAt()), f.status(), f.diagnostic(),
                    f.ticketNumber())).toList(), total);
        }
    }

    /** An address that bounced: since when, the DSN status and diagnostic, the ticket whose mail bounced. */
    @JsonPropertyOrder({"address", "since", "status", "diagnostic", "ticket"})
    record FailingView(String address, String since, String status, String diagnostic, String ticket) {
    }

    /** {@code POST /api/failing/{address}/clear}. */
    @JsonPropertyOrder({"cleared", "message"})
    record Cleared(String cleared, String message) {
    }

    /** {@code POST /api/held/{id}/release}: the held mail went into the ticket pipeline again, for these support addresses. */
    @JsonPropertyOrder({"released", "recipients", "message"})
    record Released(long released, List<String> recipients, String message) {
    }

    /**
     * {@code POST /api/import?apply=true|false}: the file's data rows ({@code rows}), the rows imported with their ticket
     * numbers (in a dry run those that would be, with a null number), how many were imported before and skipped, and
     * every bad row with the line it starts on. With any bad row nothing is imported: {@code imported} is empty.
     */
    @JsonPropertyOrder({"apply", "rows", "imported", "skipped", "errors"})
    record ImportView(boolean apply, int rows, List<ImportedView> imported, int skipped, List<ImportErrorView> errors) {
        static ImportView from(boolean apply, TicketImport.Checked file, TicketImport.Outcome outcome) {
            return new ImportView(apply, file.count(), outcome.imported().stream().map(i -> new ImportedView(i.line(), i.number())).toList(),
                    outcome.skippedLines().size(), file.bad().stream().map(b -> new ImportErrorView(b.line(), b.reason())).toList());
        }
    }

    @JsonPropertyOrder({"line", "number"})
    record ImportedView(int line, String number) {
    }

    @JsonPropertyOrder({"line", "reason"})
    record ImportErrorView(int line, String reason) {
    }

    /**
     * {@code {"held": [...], "total": N, "next": "/api/held?before=ID&limit=N"}}: a page of held mail, newest
     * first; {@code next} is the following page, null on the last.
     */
    @JsonPropertyOrder({"held", "total", "next"})
    record HeldList(List<HeldMailView> held, long total, String next) {
        static HeldList from(List<HeldMail> held, long total, int limit, boolean more) {
            return from(held, total, limit, more, null);
        }

        /** A page of the held mails of one kind ({@code reason}), or of all when it is null. */
        static HeldList from(List<HeldMail> held, long total, int limit, boolean more, String reason) {
            return new HeldList(held.stream().map(HeldMailView::from).toList(), total,
                    more && !held.isEmpty() ? "/api/held?" + (reason == null ? "" : "reason=" + reason + "&") + "before="
                            + held.get(held.size() - 1).id() + "&limit=" + limit : null);
        }
    }

    /**
     * {@code GET /health}: {@code {"status": "up", "components": {"james": {"status", "detail"}, "store": ..., "queues": ...,
     * "calendar": ...}}}; the status is down when James, the store or the queues are.
     */
    @JsonPropertyOrder({"status", "components"})
    record HealthView(String status, Map<String, Health.Component> components) {
        static HealthView from(boolean up, Map<String, Health.Component> components) {
            return new HealthView(up ? Health.UP : Health.DOWN, components);
        }
    }

    /** Any error: {@code {"error": "no ticket 0000-0000", "status": 404}}. */
    @JsonPropertyOrder({"error", "status"})
    record ErrorBody(String error, int status) {
        static ErrorBody from(int status, String message) {
            return new ErrorBody(message, status);
        }
    }

    private static String statusName(TicketStatus status) {
        return status.jsonName();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
