package org.ticketmail.assembly;

import java.nio.file.Path;
import java.util.UUID;

import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.jmx.ManagementContext;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * The embedded ActiveMQ broker that holds James' mail queues (the spool and the outgoing queue) in
 * KahaDB under the data directory, so accepted mail survives a crash. It listens on no port: James
 * reaches it in-process under a name of its own, so several appliances can run in one JVM.
 */
final class QueueBroker implements AutoCloseable {
    /** Room for the largest message smtpserver.xml accepts (50 MiB) in one journal file. */
    private static final int JOURNAL_FILE_BYTES = 64 * 1024 * 1024;

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    private QueueBroker(BrokerService broker, ActiveMQConnectionFactory connectionFactory) {
        this.broker = broker;
        this.connectionFactory = connectionFactory;
    }

    static QueueBroker start(Path directory) throws Exception {
        String name = "ticketmail-" + UUID.randomUUID();
        BrokerService broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setPersistent(true);
        broker.setUseJmx(false);
        ManagementContext management = new ManagementContext();
        management.setCreateConnector(false);
        broker.setManagementContext(management);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        broker.setDataDirectoryFile(directory.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(directory.resolve("kahadb").toFile());
        kahaDb.setJournalMaxFileLength(JOURNAL_FILE_BYTES);
        // Store every queued mail before it is dispatched. With KahaDB's default concurrent store and dispatch, a mail
        // can be handed to a consumer (and its sender told it was taken) while its write is still queued: killed then,
        // the crash benchmark lost copies whose steps were already marked done.
        kahaDb.setConcurrentStoreAndDispatchQueues(false);
        broker.setPersistenceAdapter(kahaDb);
        // Limit the store to what the disk has (ActiveMQ's 100 GB default warns at every start otherwise).
        java.nio.file.Files.createDirectories(directory);
        long usable = java.nio.file.Files.getFileStore(directory).getUsableSpace();
        long limit = Math.max(JOURNAL_FILE_BYTES * 2L, Math.min(50L << 30, usable / 10 * 9));
        broker.getSystemUsage().getStoreUsage().setLimit(limit);
        broker.getSystemUsage().getTempUsage().setLimit(Math.min(limit, 1L << 30));
        // James asks the statistics plugin for queue sizes.
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        broker.start();
        broker.waitUntilStarted();

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + name + "?create=false");
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        factory.setPrefetchPolicy(prefetch);
        return new QueueBroker(broker, factory);
    }

    ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** The last count read per queue, given again when the broker cannot be asked, so the counter never goes back. */
    private final java.util.Map<String, Long> lastEnqueued = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How many messages were put in the queue {@code name} since the start (a retry put back in the queue, and without
     * a relay host each recipient domain's part, count again); 0 for a queue not made yet.
     */
    long enqueued(String name) {
        try {
            org.apache.activemq.broker.region.Destination queue = broker.getBroker().getDestinationMap()
                    .get(new org.apache.activemq.command.ActiveMQQueue(name));
            long count = queue == null ? 0 : queue.getDestinationStatistics().getEnqueues().getCount();
            lastEnqueued.put(name, count);
            return count;
        } catch (Exception e) {
            return lastEnqueued.getOrDefault(name, 0L);
        }
    }

    /** Whether the broker is started and not stopping: the queues can take and hand out mail. */
    boolean running() {
        return broker.isStarted() && !broker.isStopping() && !broker.isStopped();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
