package org.ticketmail.assembly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.google.inject.Module;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.modules.data.MemoryUsersRepositoryModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarPort;
import org.ticketmail.calendar.google.GoogleCalendar;
import org.ticketmail.calendar.google.GoogleSettings;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.store.Database;
import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.mailets.RatingTokens;
import org.ticketmail.mailets.ThreadIds;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.StoreException;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryException;
import org.ticketmail.store.directory.DirectorySource;

/**
 * The running appliance: the store (Derby under the data directory), the directory, an embedded James
 * 3.8.1 (SMTP and IMAP, the mailet container with our pipeline, its mail queues persistent in an
 * embedded ActiveMQ broker under {@code data/queue}) and the status server.
 *
 * <p>{@link #start(Settings)} fails with a {@link ConfigException} for bad configuration, and stops
 * what it had started when anything fails. {@link #close()} stops everything and releases the data
 * directory.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Appliance.class);

    static {
        // James calls System.exit when it fails to start, unless told not to. Embedded, a failed start must come back
        // to the caller as an exception (the CLI prints it as one line; tests assert it).
        if (System.getProperty("james.exit.on.startup.error") == null) {
            System.setProperty("james.exit.on.startup.error", "false");
        }
    }

    private final Settings settings;
    private Database database;
    private Stores stores;
    private DirectorySource directory;
    private GuiceJamesServer james;
    private QueueBroker queues;
    private StatusServer status;
    private CalendarServices calendar;
    private org.ticketmail.mailets.SpamFilter spam;
    private SpamRetention retention;
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;
    private final org.ticketmail.store.ConfigFiles configFiles = new org.ticketmail.store.ConfigFiles();
    private io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gcMetrics;

    private SlaServices sla;

    private final List<Module> overrides;
    private final Clock clock;

    private Appliance(Settings settings, List<Module> overrides, Clock clock) {
        this.settings = settings;
        this.overrides = List.copyOf(overrides);
        this.clock = clock;
    }

    public static Appliance start(Settings settings) throws Exception {
        return start(settings, List.of());
    }

    /**
     * Starts with Guice modules that override the appliance's bindings: for tests (e.g. DKIM keys without
     * DNS), never needed in production.
     */
    public static Appliance start(Settings settings, List<Module> overrides) throws Exception {
        return start(settings, overrides, Clock.systemDefaultZone());
    }

    /**
     * As {@link #start(Settings, List)}, with the clock the store stamps tickets with and service levels are measured by:
     * tests move it forward to see an SLA break without waiting hours.
     */
    static Appliance start(Settings settings, List<Module> overrides, Clock clock) throws Exception {
        Appliance appliance = new Appliance(settings, overrides, clock);
        try {
            appliance.boot();
        } catch (Exception | Error e) {
            appliance.close();
            throw e;
        }
        return appliance;
    }

    private void boot() throws Exception {
        java.time.Instant startedAt = clock.instant();
        Files.createDirectories(settings.dataDir());
        Path directoryFile = settings.confDir().resolve("directory.yaml");
        if (!Files.isRegularFile(directoryFile)) {
            throw new ConfigException("conf/directory.yaml: not found in " + settings.confDir() + "; it lists employees and accounts");
        }
        try {
            directory = new DirectorySource(directoryFile, "conf/directory.yaml", clock, 1000);
            settings.dispatcher().ifPresent(id -> directory.require(d -> requireDispatcher(d, id)));
        } catch (DirectoryException e) {
            throw new ConfigException(e.getMessage());
        }
        database = Database.openDerby(settings.dataDir().resolve("derby"));
        stores = Stores.open(database, clock, settings.ticketNumberStart());
        directory.onLoad(stores.mirror()::sync);
        registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        org.ticketmail.mailets.PipelineMetrics metrics = new org.ticketmail.mailets.PipelineMetrics(registry, clock);
        stores.held().onHold(metrics::held);

        org.ticketmail.store.Statuses statuses = statuses(settings, configFiles);
        if (settings.autoClose().on() && !statuses.get().isResolution(settings.autoClose().resolution())) {
            throw new ConfigException("conf/ticketmail.properties: autoClose.resolution '" + settings.autoClose().resolution()
                    + "' is not a resolution of conf/statuses.yaml (" + String.join(", ", statuses.get().resolutions()) + ")");
        }
        SlaServices.Setup slaSetup = slaSetup(settings, directory, stores, configFiles, clock);

        Path jamesHome = JamesConf.render(settings, settings.dataDir().resolve("james"));
        queues = QueueBroker.start(settings.dataDir().resolve("queue"));
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
                .workingDirectory(jamesHome.toFile())
                .build();
        james = GuiceJamesServer.forConfiguration(configuration)
                .combineWith(MemoryJamesServerMain.SMTP_AND_IMAP_MODULE)
                .combineWith(new UsersRepositoryModuleChooser(new MemoryUsersRepositoryModule())
                        .chooseModules(configuration.getUsersRepositoryImplementation()))
                .combineWith(new TicketmailModule(stores, directory,
                        settings.gateway(new ThreadIds(DataKey.load(settings.dataDir().resolve("threading.key"), "threading key"))),
                        settings.trust(), statuses, configFiles,
                        new RatingTokens(DataKey.load(settings.dataDir().resolve("rating.key"), "rating key")), calendarSetup(settings, directory.current()),
                        new org.ticketmail.mailets.Limits(settings.limits().acknowledgmentsPerHour(), settings.limits().senderMailsPerHour(),
                                settings.limits().ticketMailsPerHour(), clock), metrics, settings.spam(), slaSetup))
                .overrideWith(new PersistentQueueModule(queues.connectionFactory()))
                .overrideWith(overrides.toArray(new Module[0]));
        EmployeePasswords passwords = EmployeePasswords.load(settings.confDir());
        passwords.check(directory.current());
        james.start();
        passwords.provision(james.getProbe(EmployeeAccounts.class).users(), settings.supportDomain());
        calendar = james.getProbe(CalendarServices.class);
        // A technician's calendar changed in the directory: their events move (seed 000, "Ticket Migration").
        directory.onLoad(d -> stores.calendar().enqueueAll());
        calendar.start();
        sla = james.getProbe(SlaServices.class);
        sla.start();

        QueueDepths depths = james.getProbe(QueueDepths.class);
        QueueBroker broker = queues;
        for (String queue : List.of("spool", "outgoing")) {
            io.micrometer.core.instrument.FunctionCounter.builder("ticketmail.queue.enqueued", broker, b -> b.enqueued(queue))
                    .description("messages put in James' queue since the start: spool (accepted mail) or outgoing (mail for the relay);"
                            + " retries and, without a relay host, each recipient domain's part count again")
                    .tag("queue", queue).register(registry);
        }
        spam = james.getProbe(SpamProbe.class).filter();
        retention = new SpamRetention(stores.held(), settings.spam().retentionDays(), clock);
        retention.start();
        Health health = new Health(settings, database, broker::running, depths::depths, stores.calendar(), spam);
        Operations ops = new Operations(registry, metrics, health, depths::depths, startedAt, Operations.buildVersion(), this::reloads);
        status = StatusServer.start(settings, stores, james.getProbe(HeldMailRelease.class)::release, ops, sla.figures(),
                directory::current);
        LOGGER.info("ticketmail started: smtp {}:{}, imap {}:{}, status http://{}:{}/, support {}, relay {}",
                settings.listenAddress(), settings.smtpPort(), settings.listenAddress(), settings.imapPort(),
                settings.listenAddress(), status.port(), String.join(", ", settings.supportAddresses()),
                settings.relay().map(Object::toString).orElse("direct MX delivery"));
    }

    /** How the configuration files that reload last loaded, for the status page. */
    private java.util.List<Operations.Reload> reloads() {
        java.util.Optional<String> problem = directoryProblem();
        List<Operations.Reload> out = new java.util.ArrayList<>();
        out.add(new Operations.Reload("conf/directory.yaml", directory.lastLoadAt(), problem.isEmpty(), problem.orElse(null)));
        for (org.ticketmail.store.ReloadingFile<?> f : configFiles.checked()) {
            out.add(new Operations.Reload(shown(f.name()), f.lastLoadAt(), f.lastProblem().isEmpty(), f.lastProblem().orElse(null)));
        }
        return out;
    }

    /** A file under the conf directory as the page names it: {@code conf/quote-rules.txt}. */
    private String shown(String name) {
        String conf = settings.confDir().toAbsolutePath().normalize().toString();
        return name.startsWith(conf + "/") ? "conf/" + name.substring(conf.length() + 1) : name;
    }

    /** The calendar.* settings, with the Google calendar client when a key file is set. */
    private static CalendarSetup calendarSetup(Settings settings, Directory directory) {
        Settings.Calendar c = settings.calendar();
        Optional<CalendarPort> google = Optional.empty();
        if (c.credentials().isPresent()) {
            try {
                google = Optional.of(GoogleCalendar.connect(new GoogleSettings(c.credentials().get(), c.credentialsName(), c.rootUrl(),
                        c.delegate(), Duration.ofSeconds(10))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        for (Employee e : directory.employees()) {
            CalendarLink.Mode mode = e.calendar().map(CalendarLink::mode).orElse(null);
            if (google.isEmpty() && (mode == CalendarLink.Mode.GOOGLE || mode == CalendarLink.Mode.GUEST)) {
                LOGGER.warn("conf/directory.yaml: {} has calendar mode {}, but calendar.google.credentials is empty; their slots are"
                        + " kept on tickets and their calendar work waits (GET /api/calendar)", e.id(), mode.name().toLowerCase(Locale.ROOT));
            } else if (mode == CalendarLink.Mode.GUEST && c.supportCalendar().isEmpty()) {
                LOGGER.warn("conf/directory.yaml: {} has calendar mode guest, but calendar.google.supportCalendar is empty; set it to"
                        + " the calendar guest technicians are invited from", e.id());
            }
        }
        return new CalendarSetup(c.working(), google, c.supportCalendar(), c.syncInterval(), c.reflowInterval(), Duration.ofSeconds(2));
    }

    /**
     * conf/statuses.yaml, or the built-in map when the file is absent; read again when it is edited, created or
     * deleted (a broken edit is refused and the map before stays in force). A broken file stops the start.
     */
    private static org.ticketmail.store.Statuses statuses(Settings settings, org.ticketmail.store.ConfigFiles configFiles) {
        Path file = settings.confDir().resolve("statuses.yaml");
        try {
            return new org.ticketmail.store.Statuses(configFiles.add(new org.ticketmail.store.ReloadingFile<>("conf/statuses.yaml",
                    List.of(file), () -> Files.isRegularFile(file) ? StatusMap.load(file, "conf/statuses.yaml") : StatusMap.defaults(),
                    Clock.systemUTC(), 1000)));
        } catch (StoreException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * conf/sla.yaml with conf/holidays.txt, read again when either is edited (a broken edit, or one that drops a level an
     * account of the directory names, is refused); the SLA warning template; and the directory held to name only levels
     * the file defines.
     */
    private static SlaServices.Setup slaSetup(Settings settings, DirectorySource directory, Stores stores,
                                              org.ticketmail.store.ConfigFiles configFiles, Clock clock) {
        Path slaFile = settings.confDir().resolve("sla.yaml");
        Path holidays = settings.confDir().resolve("holidays.txt");
        java.time.ZoneId zone = settings.calendar().working().zone();
        org.ticketmail.store.ReloadingFile<org.ticketmail.store.sla.SlaBook> books;
        try {
            books = configFiles.add(new org.ticketmail.store.ReloadingFile<>("conf/sla.yaml", List.of(slaFile, holidays), () -> {
                org.ticketmail.store.sla.SlaBook book = org.ticketmail.store.sla.SlaBook.load(slaFile, holidays, zone);
                for (org.ticketmail.store.directory.Account a : directory.current().accounts()) {
                    if (!book.defines(a.sla())) {
                        throw new StoreException("conf/sla.yaml: account " + a.id() + " of conf/directory.yaml names sla '" + a.sla()
                                + "', which this file does not define; define it under slas, or change the account's sla");
                    }
                }
                return book;
            }, Clock.systemUTC(), 1000));
        } catch (StoreException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            directory.require(d -> {
                for (org.ticketmail.store.directory.Account a : d.accounts()) {
                    if (!books.get().defines(a.sla())) {
                        throw new DirectoryException("conf/directory.yaml: accounts (" + a.id() + ").sla '" + a.sla()
                                + "' is not an SLA of conf/sla.yaml (" + (books.get().slas().isEmpty() ? "it defines none"
                                : "it defines " + String.join(", ", books.get().slas().keySet())) + "; or none for no SLA)");
                    }
                }
            });
        } catch (DirectoryException e) {
            throw new ConfigException(e.getMessage());
        }
        Path templates = settings.confDir().resolve("templates");
        java.util.function.Supplier<org.ticketmail.mailets.MailTemplate> template = template(templates, "sla-warning",
                org.ticketmail.sla.SlaWatch.TEMPLATE, configFiles);
        // The same file AlertCustomers reads: its entry on the status page stands for both.
        java.util.function.Supplier<org.ticketmail.mailets.MailTemplate> closure = template(templates, "closure",
                org.ticketmail.mailets.AlertCustomers.CLOSURE, configFiles);
        return new SlaServices.Setup(stores.sla(), books::get, template, settings.slaInterval(), clock, closure, settings.autoClose());
    }

    /** conf/templates/NAME.txt (and .html), or {@code builtIn}, read again when edited; a broken one stops the start. */
    private static java.util.function.Supplier<org.ticketmail.mailets.MailTemplate> template(Path templates, String name, String builtIn,
                                                                                           org.ticketmail.store.ConfigFiles configFiles) {
        try {
            return configFiles.add(new org.ticketmail.store.ReloadingFile<>("conf/templates/" + name,
                    List.of(templates.resolve(name + ".txt"), templates.resolve(name + ".html")),
                    () -> org.ticketmail.mailets.MailTemplate.load(templates, name, builtIn), Clock.systemUTC(), 1000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The compliance figures of the service levels. */
    public org.ticketmail.sla.SlaFigures slaFigures() {
        return sla.figures();
    }

    /** dispatch.employee must name an active employee of every directory that comes into force. */
    private static void requireDispatcher(Directory d, String id) {
        if (d.employee(id).filter(e -> e.active()).isEmpty()) {
            throw new DirectoryException("conf/ticketmail.properties: dispatch.employee '" + id + "' is not an active employee of"
                    + " conf/directory.yaml; add the employee there, or set dispatch.employee to one who is");
        }
    }

    public Settings settings() {
        return settings;
    }

    public TicketStore store() {
        return stores.tickets();
    }

    /** Scheduled tickets, their events and the calendar work queue. */
    public org.ticketmail.store.CalendarLedger calendar() {
        return stores.calendar();
    }

    /** The Derby database (tests shut it down to see the health check turn). */
    Database database() {
        return database;
    }

    public HeldMails held() {
        return stores.held();
    }

    /** The directory in force (reloaded when conf/directory.yaml changes). */
    public Directory directory() {
        return directory.current();
    }

    /** Why the last edit of conf/directory.yaml was refused, if it was. */
    public java.util.Optional<String> directoryProblem() {
        directory.snapshot(); // looks at the file if it is time to
        return directory.lastProblem();
    }

    public int statusPort() {
        return status.port();
    }

    @Override
    public void close() {
        if (sla != null) {
            sla.stop();
            sla = null;
        }
        if (retention != null) {
            retention.close();
            retention = null;
        }
        if (calendar != null) {
            calendar.stop();
            calendar = null;
        }
        if (status != null) {
            status.stop();
            status = null;
        }
        if (james != null) {
            // Stopping interrupts James' queue consumers; the errors their streams drop then are expected, not news.
            reactor.core.publisher.Hooks.onErrorDropped(e -> LOGGER.debug("dropped while stopping: {}", e.toString()));
            try {
                james.stop();
            } catch (RuntimeException e) {
                LOGGER.warn("James did not stop cleanly: {}", e.toString());
            } finally {
                reactor.core.publisher.Hooks.resetOnErrorDropped();
            }
            james = null;
        }
        if (spam != null) {
            spam.close();
            spam = null;
        }
        if (queues != null) {
            try {
                queues.close();
            } catch (Exception e) {
                LOGGER.warn("the mail queue broker did not stop cleanly: {}", e.toString());
            }
            queues = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (gcMetrics != null) {
            gcMetrics.close();
            gcMetrics = null;
        }
    }
}
