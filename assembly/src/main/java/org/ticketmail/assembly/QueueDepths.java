package org.ticketmail.assembly;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.GuiceProbe;

/**
 * How many mails wait in James' queues: the spool (accepted, not yet through the pipeline) and the outgoing
 * queue of RemoteDelivery (copies waiting for the relay), for the status page and the health check.
 */
public final class QueueDepths implements GuiceProbe {
    /** The queues shown, by the name James gives them, and the name the page shows. */
    private static final Map<String, String> QUEUES = Map.of("spool", "spool", "outgoing", "outgoing");

    private final MailQueueFactory<? extends ManageableMailQueue> queues;

    @Inject
    public QueueDepths(MailQueueFactory<? extends ManageableMailQueue> queues) {
        this.queues = queues;
    }

    /** Each queue's depth; a queue that cannot be read is missing from the map. */
    Map<String, Long> depths() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : new String[] {"spool", "outgoing"}) {
            depth(name).ifPresent(d -> out.put(QUEUES.get(name), d));
        }
        return out;
    }

    private Optional<Long> depth(String name) {
        try {
            return queues.getQueue(MailQueueName.of(name)).map(q -> {
                try {
                    return q.getSize();
                } catch (Exception e) {
                    return -1L;
                }
            }).filter(size -> size >= 0);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
