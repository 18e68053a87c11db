package org.ticketmail.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;

import reactor.core.publisher.Flux;

/**
 * The mail queue that enqueues through a pool of sessions, on a real broker with KahaDB: many threads enqueue at
 * once, and after the broker is stopped and started again every mail comes out whole (name, envelope, attributes,
 * message), once.
 */
class PooledProducerMailQueueTest {
    private static final AttributeName MARK = AttributeName.of("ticketmail.test");
    private static final int THREADS = 16;
    private static final int EACH = 25;

    @TempDir
    Path dir;

    @Test
    void concurrentEnqueuesAllSurviveARestartWhole() throws Exception {
        MailQueueName name = MailQueueName.of("spool");
        QueueBroker broker = QueueBroker.start(dir.resolve("queue"));
        PooledProducerMailQueue queue = queue(broker, name);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                sends.add(pool.submit(() -> {
                    for (int i = 0; i < EACH; i++) {
                        queue.enQueue(mail("m-" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            assertEquals(THREADS * EACH, queue.getSize());
        } finally {
            pool.shutdown();
            queue.dispose();
            broker.close();
        }

        QueueBroker again = QueueBroker.start(dir.resolve("queue"));
        PooledProducerMailQueue reopened = queue(again, name);
        try {
            Set<String> seen = new HashSet<>();
            List<MailQueue.MailQueueItem> items = Flux.from(reopened.deQueue()).take(THREADS * EACH).timeout(Duration.ofSeconds(60))
                    .collectList().block();
            for (MailQueue.MailQueueItem item : items) {
                Mail mail = item.getMail();
                assertTrue(seen.add(mail.getName()), "once: " + mail.getName());
                assertEquals(List.of(new MailAddress(mail.getName() + "@example.test")), List.copyOf(mail.getRecipients()));
                assertEquals(mail.getName(), mail.getAttribute(MARK).orElseThrow().getValue().value());
                assertEquals("Body of " + mail.getName(), ((String) mail.getMessage().getContent()).strip());
                item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            }
            assertEquals(THREADS * EACH, seen.size());
            assertEquals(0, reopened.getSize());
        } finally {
            reopened.dispose();
            again.close();
        }
    }

    private static PooledProducerMailQueue queue(QueueBroker broker, MailQueueName name) {
        return new PooledProducerMailQueue(broker.connectionFactory(), new RawMailQueueItemDecoratorFactory(), name,
                new DropWizardMetricFactory(new MetricRegistry()), new NoopGaugeRegistry());
    }

    private static Mail mail(String name) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Mail " + name);
        message.setText("Body of " + name);
        message.saveChanges();
        return MailImpl.builder().name(name).sender("sender@example.test").addRecipient(name + "@example.test").mimeMessage(message)
                .addAttribute(new Attribute(MARK, AttributeValue.of(name))).build();
    }
}
