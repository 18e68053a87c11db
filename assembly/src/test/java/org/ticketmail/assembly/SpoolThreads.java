package org.ticketmail.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The threads that are processing a mail in James' mailet container right now: a spool thread stuck on a mail
 * stays in this list. When every mail sent has been recorded or held, the list must empty.
 */
final class SpoolThreads {
    private SpoolThreads() {
    }

    /** Each thread inside the mailet container, with its state and the top of its stack. */
    static List<String> busy() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            if (e.getKey() == Thread.currentThread() || !inMailetContainer(stack)) {
                continue;
            }
            StringBuilder s = new StringBuilder(e.getKey().getName()).append(' ').append(e.getKey().getState());
            for (int i = 0; i < Math.min(12, stack.length); i++) {
                s.append("\n    at ").append(stack[i]);
            }
            busy.add(s.toString());
        }
        return busy;
    }

    private static boolean inMailetContainer(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("org.apache.james.mailetcontainer.impl.") && (c.contains("ProcessorImpl") || c.contains("MailetProcessor"))
                    || c.startsWith("org.ticketmail.mailets.") || c.startsWith("org.ticketmail.matchers.")) {
                return true;
            }
        }
        return false;
    }
}
