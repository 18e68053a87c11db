package org.ticketmail.assembly;

import javax.jms.ConnectionFactory;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * Replaces the in-memory mail queues of James' memory server with James' ActiveMQ queues on the
 * {@link QueueBroker}: mail accepted over SMTP, and mail waiting for the relay, survive a crash and are
 * processed when the appliance is back. Messages travel inside the queue (no blob side files).
 */
final class PersistentQueueModule extends AbstractModule {
    private final ConnectionFactory connectionFactory;

    PersistentQueueModule(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Provides
    @Singleton
    ActiveMQMailQueueFactory activeMqQueues(MailQueueItemDecoratorFactory decorators, MetricFactory metrics, GaugeRegistry gauges) {
        ActiveMQMailQueueFactory factory = new ActiveMQMailQueueFactory(connectionFactory, decorators, metrics, gauges,
                new ActiveMQMetricCollectorNoop());
        factory.setUseJMX(false);
        factory.setUseBlobMessages(false);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(ActiveMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> typedQueues(ActiveMQMailQueueFactory factory) {
        return factory;
    }
}
