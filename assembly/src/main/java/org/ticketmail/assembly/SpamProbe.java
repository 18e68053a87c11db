package org.ticketmail.assembly;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.ticketmail.mailets.SpamFilter;

/** Hands the spam filter James' injector made (with James' metric factory) to the health check and the status page. */
public final class SpamProbe implements GuiceProbe {
    private final SpamFilter filter;

    @Inject
    public SpamProbe(SpamFilter filter) {
        this.filter = filter;
    }

    SpamFilter filter() {
        return filter;
    }
}
