package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code ticketmail import-tickets FILE.csv} as an admin runs it, through a running appliance and its status port. */
class ImportTicketsIntegrationTest extends RunningAppliance {
    private static final String HEADER = "subject,account,contact,manager,status,priority,created,text\n";
    private static final Pattern IMPORTED = Pattern.compile("line (\\d+): ticket (\\d{4}-\\d{4,})");

    @TempDir
    Path files;

    @Override
    Map<String, String> properties() {
        return Map.of("calendar.timezone", "Europe/Berlin");
    }

    /** The command's exit status, standard output and standard error (each stripped). */
    private record Run(int status, String out, String err) {
    }

    private Run importTickets(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("--conf", appliance.root.resolve("conf").toString()));
        all.addAll(List.of(args));
        int status;
        try {
            status = Main.importTickets(Main.Options.parse(all, true, e),
                    Map.of("TICKETMAIL_STATUS_PORT", Integer.toString(appliance.appliance.statusPort())),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
        } catch (ConfigException | Main.UsageException x) {
            status = x instanceof ConfigException ? 1 : 2;
            e.print(x.getMessage());
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8).strip());
    }

    private String file(String name, String csv) throws Exception {
        return Files.writeString(files.resolve(name), csv, StandardCharsets.UTF_8).toString();
    }

    private HttpResponse<String> request(String method, String path, String actionHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(HEADER + "x,,,,,,,\n"));
        if (actionHeader != null) {
            request.header(StatusServer.ACTION_HEADER, actionHeader);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDryRunShouldSayWhatWouldBeImportedAndWriteNothing() throws Exception {
        // The README's example file and output ("Importing tickets from CSV").
        String csv = file("tickets.csv", """
                subject,account,contact,manager,status,priority,created,text
                Printer broken,acme,dana@acme.test,alice,assigned,high,2021-01-21 19:24:19,"It prints one page, then stops.
                Dana"
                "VPN down, all offices",,,,,urgent,2021-02-01,
                Old question,acme,dana@acme.test,,closed,,2020-03-01,Answered by phone.
                """);
        long before = appliance.appliance.store().countTickets();

        Run dry = importTickets(csv);

        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).isEqualTo("""
                tickets.csv: 3 rows, all good
                would import 3 tickets and skip 0 rows imported before; nothing was written (add --apply to import)""");
        assertThat(appliance.appliance.store().countTickets()).isEqualTo(before);
    }

    @Test
    void appliedTheImportedTicketShouldShowInTheJsonViewWithItsHistory() throws Exception {
        String csv = file("migrated.csv", HEADER
                + "Printer broken,acme,Dana@Acme.test,alice,assigned,high,2021-01-21 19:24:19,\"It prints, then stops.\nPaper jam?\"\n"
                + "Old question,,,,closed,,2020-03-01T08:00:00Z,\n");

        Run applied = importTickets("--apply", csv);

        assertThat(applied.status()).as(applied.err()).isZero();
        List<String> lines = applied.out().lines().toList();
        assertThat(lines.subList(0, 2)).containsExactly("migrated.csv: 2 rows, all good", "imported 2 tickets, skipped 0 rows imported before");
        Matcher printer = IMPORTED.matcher(lines.get(2));
        Matcher old = IMPORTED.matcher(lines.get(3));
        assertThat(printer.matches()).as(lines.get(2)).isTrue();
        assertThat(old.matches()).as(lines.get(3)).isTrue();
        assertThat(printer.group(1)).isEqualTo("2");
        assertThat(printer.group(2)).startsWith("2101-");
        assertThat(old.group(1)).isEqualTo("4");
        assertThat(old.group(2)).startsWith("2003-");

        JsonNode ticket = appliance.ticket(printer.group(2));
        assertThat(ticket.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(ticket.get("subject").asText()).isEqualTo("Printer broken");
        assertThat(ticket.get("status").asText()).isEqualTo("assigned");
        assertThat(ticket.get("account").asText()).isEqualTo("acme");
        assertThat(ticket.get("contact").asText()).isEqualTo("dana@acme.test");
        assertThat(ticket.get("manager").asText()).isEqualTo("alice");
        assertThat(ticket.get("priority").asText()).isEqualTo("high");
        assertThat(ticket.get("createdAt").asText()).isEqualTo("2021-01-21T18:24:19Z");
        assertThat(ticket.get("updatedAt").asText()).isEqualTo("2021-01-21T18:24:19Z");
        assertThat(ticket.get("recipients")).hasSize(1);
        assertThat(ticket.get("recipients").get(0).get("address").asText()).isEqualTo("dana@acme.test");
        assertThat(ticket.get("recipients").get(0).get("kind").asText()).isEqualTo("to");
        JsonNode history = ticket.get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("at").asText()).isEqualTo("2021-01-21T18:24:19Z");
        assertThat(history.get(0).get("direction").asText()).isEqualTo("in");
        assertThat(history.get(0).get("public").asBoolean()).isTrue();
        assertThat(history.get(0).get("sender").asText()).isEqualTo("dana@acme.test");
        assertThat(history.get(0).get("text").asText()).isEqualTo("It prints, then stops.\nPaper jam?");
        assertThat(history.get(0).get("note").asText()).isEqualTo("imported from import-tickets migrated.csv line 2");
        assertThat(ticket.get("changes")).hasSize(2);
        assertThat(ticket.at("/changes/0/by").asText()).isEqualTo("import");
        assertThat(ticket.at("/changes/0/field").asText()).isEqualTo("import");
        assertThat(ticket.at("/changes/0/to").asText()).isEqualTo("import-tickets migrated.csv line 2");
        assertThat(ticket.at("/changes/1/field").asText()).isEqualTo("status"); // its status comes in with it
        assertThat(ticket.at("/changes/1/to").asText()).isEqualTo("assigned");
        // Its service level (the sample's standard, 8 hours to answer) is measured from the import, not from 2021.
        assertThat(ticket.at("/sla/sla").asText()).isEqualTo("standard");
        assertThat(ticket.at("/sla/breaches")).isEmpty();
        assertThat(ticket.at("/sla/waitingSince").isNull()).isTrue();

        JsonNode closed = appliance.ticket(old.group(2));
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("resolution").isNull()).isTrue();
        assertThat(closed.get("history").get(0).get("sender").asText()).isEqualTo("import");
    }

    @Test
    void applyingTheSameFileAgainShouldImportNothing() throws Exception {
        String csv = file("twice.csv", HEADER + "Scanner offline,globex,,dave,,,2022-05-01,\n");
        assertThat(importTickets("--apply", csv).status()).isZero();
        long before = appliance.appliance.store().countTickets();

        Run again = importTickets("--apply", csv);

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("""
                twice.csv: 1 row, all good
                imported 0 tickets, skipped 1 row imported before""");
        assertThat(appliance.appliance.store().countTickets()).isEqualTo(before);
    }

    @Test
    void aFileWithBadRowsShouldExitOneListEveryBadRowAndImportNothing() throws Exception {
        String csv = file("bad.csv", HEADER
                + "Fine,,,,,,,\"two\nlines\"\n"
                + "Wrong status,,,,open,,,\n"
                + "Wrong manager,acme,,zed,,,,\n");
        long before = appliance.appliance.store().countTickets();

        Run applied = importTickets("--apply", csv);

        assertThat(applied.status()).isEqualTo(1);
        assertThat(applied.out()).isEqualTo("""
                bad.csv: 3 rows, 2 bad
                line 4: status 'open' is not a status; statuses are new, assigned, pending-third-party, pending-close, unconfirmed, closed, reopened
                line 5: manager 'zed' is not an employee id of conf/directory.yaml; add the employee there or leave manager empty
                nothing was imported: fix the bad rows and run it again""");
        assertThat(appliance.appliance.store().countTickets()).isEqualTo(before);
    }

    @Test
    void aFileWithAnUnknownColumnShouldBeRefusedInOneLine() throws Exception {
        String csv = file("header.csv", "subject,customer\nx,y\n");

        Run dry = importTickets(csv);

        assertThat(dry.status()).isEqualTo(1);
        assertThat(dry.out()).isEmpty();
        assertThat(dry.err()).isEqualTo("header.csv: line 1, the header: 'customer' is not a column. The columns are subject, account,"
                + " contact, manager, status, priority, created, text, in any order, each at most once");
    }

    @Test
    void aMissingFileShouldBeSaidSo() {
        Run missing = importTickets(files.resolve("nowhere.csv").toString());

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo(files.resolve("nowhere.csv") + ": no such file");
    }

    @Test
    void theImportShouldBeAPostOnlyTheCommandSends() throws Exception {
        HttpResponse<String> bare = request("POST", "/api/import?apply=true", null);
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("an import needs the header X-Requested-By: ticketmail (the ticketmail command sends it)");

        HttpResponse<String> get = request("GET", "/api/import", null);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("import tickets with POST /api/import?apply=true|false, the CSV file as the body"
                + " (ticketmail import-tickets FILE.csv)");

        HttpResponse<String> elsewhere = request("POST", "/api/tickets", "ticketmail");
        assertThat(elsewhere.statusCode()).isEqualTo(405);
        assertThat(elsewhere.body()).contains("the status server is read-only (use GET), but for POST /api/held/{id}/release,"
                + " POST /api/failing/{address}/clear and POST /api/import");

        HttpResponse<String> badApply = request("POST", "/api/import?apply=yes", "ticketmail");
        assertThat(badApply.statusCode()).isEqualTo(400);
        assertThat(badApply.body()).contains("apply 'yes' is not true or false");
    }

    @Test
    void theJsonAnswerShouldListBadRowsWith422() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + appliance.appliance.statusPort() + "/api/import?apply=false"))
                .header(StatusServer.ACTION_HEADER, "ticketmail").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("subject,priority\nok,low\nbad,critical\n")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        assertThat(Json.writeCompact(body)).isEqualTo("{\"apply\":false,\"rows\":2,\"imported\":[],\"skipped\":0,\"errors\":[{\"line\":3,"
                + "\"reason\":\"priority 'critical' is not a priority; priorities are low, normal, high, urgent\"}]}");
    }
}
