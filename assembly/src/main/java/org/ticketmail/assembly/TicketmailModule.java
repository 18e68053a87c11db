package org.ticketmail.assembly;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.utils.GuiceProbe;

import com.google.inject.multibindings.Multibinder;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.apache.james.jdkim.impl.MultiplexingPublicKeyRecordRetriever;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.Limits;
import org.ticketmail.mailets.RatingTokens;
import org.ticketmail.mailets.TrustPolicy;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.MailRuns;
import org.ticketmail.store.MessageIds;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.DirectoryProvider;

import com.google.inject.AbstractModule;

/**
 * Gives our mailets their collaborators inside James' injector (James binds the Clock itself): the store's parts,
 * the directory, and the {@link Gateway} configured once in conf/ticketmail.properties.
 */
final class TicketmailModule extends AbstractModule {
    private final Stores stores;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final TrustPolicy trust;
    private final org.ticketmail.store.Statuses statuses;
    private final org.ticketmail.store.ConfigFiles configFiles;

    private final RatingTokens ratings;
    private final CalendarSetup calendar;
    private final Limits limits;
    private final org.ticketmail.mailets.PipelineMetrics metrics;
    private final org.ticketmail.mailets.SpamPolicy spam;
    private final SlaServices.Setup sla;

    TicketmailModule(Stores stores, DirectoryProvider directories, Gateway gateway, TrustPolicy trust, org.ticketmail.store.Statuses statuses,
                     org.ticketmail.store.ConfigFiles configFiles,
                     RatingTokens ratings, CalendarSetup calendar, Limits limits, org.ticketmail.mailets.PipelineMetrics metrics,
                     org.ticketmail.mailets.SpamPolicy spam, SlaServices.Setup sla) {
        this.spam = spam;
        this.sla = sla;
        this.limits = limits;
        this.metrics = metrics;
        this.ratings = ratings;
        this.calendar = calendar;
        this.stores = stores;
        this.trust = trust;
        this.statuses = statuses;
        this.configFiles = configFiles;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    protected void configure() {
        bind(TicketStore.class).toInstance(stores.tickets());
        bind(MessageIds.class).toInstance(stores.messageIds());
        bind(HeldMails.class).toInstance(stores.held());
        bind(DirectoryProvider.class).toInstance(directories);
        bind(Gateway.class).toInstance(gateway);
        bind(TrustPolicy.class).toInstance(trust);
        // The map at start for the constructors that take one; the mailets read the one in force through Statuses.
        bind(StatusMap.class).toInstance(statuses.get());
        bind(org.ticketmail.store.Statuses.class).toInstance(statuses);
        bind(org.ticketmail.store.ConfigFiles.class).toInstance(configFiles);
        bind(RatingTokens.class).toInstance(ratings);
        bind(CalendarLedger.class).toInstance(stores.calendar());
        bind(MailRuns.class).toInstance(stores.runs());
        bind(org.ticketmail.store.FailingAddresses.class).toInstance(stores.failing());
        bind(Limits.class).toInstance(limits);
        bind(org.ticketmail.mailets.RelayHandoff.class).to(InThreadRelay.class).in(com.google.inject.Scopes.SINGLETON);
        bind(org.ticketmail.mailets.PipelineMetrics.class).toInstance(metrics);
        bind(CalendarSetup.class).toInstance(calendar);
        bind(CalendarServices.class).in(com.google.inject.Scopes.SINGLETON);
        bind(SlaServices.Setup.class).toInstance(sla);
        bind(org.ticketmail.store.sla.SlaBooks.class).toInstance(sla.books());
        bind(SlaServices.class).in(com.google.inject.Scopes.SINGLETON);
        Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder(), GuiceProbe.class);
        probes.addBinding().to(EmployeeAccounts.class);
        probes.addBinding().to(CalendarServices.class);
        probes.addBinding().to(SlaServices.class);
        probes.addBinding().to(HeldMailRelease.class);
        probes.addBinding().to(QueueDepths.class);
        probes.addBinding().to(SpamProbe.class);
        // DKIM public keys from DNS (employee.trust=dkim); tests override it with fixed keys.
        bind(PublicKeyRecordRetriever.class).toInstance(new MultiplexingPublicKeyRecordRetriever("dns", new DNSPublicKeyRecordRetriever()));
    }

    /** The spam filter (spam.*), asking spamd through James' own client, which times its checks in James' metrics. */
    @com.google.inject.Provides
    @com.google.inject.Singleton
    org.ticketmail.mailets.SpamFilter spamFilter(org.apache.james.metrics.api.MetricFactory metricFactory) {
        return new org.ticketmail.mailets.SpamFilter(spam, trust.networks(), metricFactory, java.time.Clock.systemUTC());
    }
}
