package org.ticketmail.assembly;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;

/**
 * James' ActiveMQ mail queue, enqueuing through a pool of JMS sessions instead of the one session James gives a
 * queue. A persistent send returns once KahaDB has synced the message to its journal; with one session the
 * senders (SMTP handlers, spool threads handing a copy on) queue up behind each other's sync, one sync each.
 * With a session each, their sends reach the journal together and KahaDB writes and syncs them as one batch:
 * the same durability (every enqueue returns only once its message is on disk), fewer syncs, no waiting in line.
 *
 * <p>The message is built exactly as James builds it (an {@link ObjectMessage} holding the bytes, the mail's
 * fields as properties), so James' dequeue, browse and removal read it unchanged.
 */
final class PooledProducerMailQueue extends ActiveMQCacheableMailQueue {
    /** As many sessions as threads enqueue at once: the spool's 8 threads and a few SMTP handlers. */
    static final int SESSIONS = 12;

    private record Producer(Session session, MessageProducer producer) {
    }

    private final BlockingQueue<Producer> idle = new ArrayBlockingQueue<>(SESSIONS);
    private final Semaphore created = new Semaphore(SESSIONS);

    PooledProducerMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decorators, MailQueueName name,
                            MetricFactory metrics, GaugeRegistry gauges) {
        super(connectionFactory, decorators, name, false, metrics, gauges);
    }

    @Override
    protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
        Producer p = borrow();
        boolean healthy = false;
        try {
            ObjectMessage message = p.session().createObjectMessage();
            for (Map.Entry<String, Object> entry : props.entrySet()) {
                message.setObjectProperty(entry.getKey(), entry.getValue());
            }
            long size = mail.getMessageSize();
            ByteArrayOutputStream out = size > -1 && size < Integer.MAX_VALUE ? new ByteArrayOutputStream((int) size) : new ByteArrayOutputStream();
            mail.getMessage().writeTo(out);
            message.setObject(out.toByteArray());
            p.producer().send(message, Message.DEFAULT_DELIVERY_MODE, msgPrio, Message.DEFAULT_TIME_TO_LIVE);
            healthy = true;
        } finally {
            giveBack(p, healthy);
        }
    }

    private Producer borrow() throws JMSException {
        try {
            while (true) {
                Producer p = idle.poll();
                if (p != null) {
                    return p;
                }
                if (created.tryAcquire()) {
                    try {
                        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        return new Producer(s, s.createProducer(queue));
                    } catch (JMSException | RuntimeException e) {
                        created.release();
                        throw e;
                    }
                }
                // All in use: wait for one back, or for a failed one's place to free up.
                p = idle.poll(50, TimeUnit.MILLISECONDS);
                if (p != null) {
                    return p;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JMSException jms = new JMSException("interrupted while waiting for a session to enqueue on " + queueName.asString());
            jms.initCause(e);
            throw jms;
        }
    }

    /** A producer whose send failed is closed rather than reused: the failure may have been its session's. */
    private void giveBack(Producer p, boolean healthy) {
        if (healthy) {
            idle.offer(p);
            return;
        }
        closeProducer(p.producer());
        closeSession(p.session());
        created.release();
    }

    @Override
    public void dispose() {
        for (Producer p; (p = idle.poll()) != null; ) {
            closeProducer(p.producer());
            closeSession(p.session());
        }
        super.dispose();
    }
}
