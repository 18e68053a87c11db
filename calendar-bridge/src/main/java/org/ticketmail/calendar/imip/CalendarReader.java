package org.ticketmail.calendar.imip;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import net.fortuna.ical4j.data.CalendarParserImpl;
import net.fortuna.ical4j.data.ContentHandler;
import net.fortuna.ical4j.data.ContentHandlerContext;
import net.fortuna.ical4j.data.DefaultContentHandler;
import net.fortuna.ical4j.data.DefaultParameterFactorySupplier;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.data.UnfoldingReader;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.ParameterFactory;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.parameter.Email;
import net.fortuna.ical4j.model.parameter.XParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses one iCalendar text with ical4j's parser into ical4j's model, and keeps the first VEVENT's DTSTART and
 * DTEND as they were written, so that {@link Imip} reads their local times itself.
 *
 * <p>Why not ical4j's own dates: with a TZID, ical4j looks the zone up in a registry that, for a zone the text
 * does not define, loads ical4j's copy and then fetches an update from the TZURL in it (tzurl.org, no timeout)
 * unless {@code net.fortuna.ical4j.timezone.update.enabled=false}; and before that it parses the time as floating
 * in the JVM's default zone, which moves a time that zone skips in spring. So the model is built without any
 * registry (TZIDs stay unresolved, nothing is fetched) and {@link Imip} resolves times from the raw text.
 *
 * <p>Lenient where clients are sloppy, without ical4j's global compatibility hints (they are static state shared
 * with everything else in the JVM that uses ical4j, James included): unfolding and whitespace are relaxed (folds
 * after a bare LF, blank lines, as mail transport leaves them); an EMAIL parameter is kept as written (ical4j
 * checks it with commons-validator, which refuses domains whose top level it does not know, e.g. {@code .test}
 * or a new gTLD, and so refused a whole reply of Apple Calendar); a parameter ical4j refuses is dropped, and so
 * is a property ical4j refuses, unless {@link Imip} reads it or it belongs to a VTIMEZONE.
 *
 * <p>One use per text; not thread-safe.
 */
final class CalendarReader implements ContentHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(CalendarReader.class);
    /** What {@link Imip} reads: one of these ical4j refuses fails the text. */
    private static final Set<String> NEEDED = Set.of(Property.METHOD, Property.UID, Property.SEQUENCE,
            Property.ATTENDEE, Property.DTSTART, Property.DTEND, Property.DURATION, Property.COMMENT);

    /** A date or date-time property as written: its value, its TZID parameter or null, and VALUE=DATE. */
    record Written(String name, String value, String tzid, boolean date) {
    }

    private final DefaultContentHandler model;
    private Calendar calendar;
    private final Deque<String> open = new ArrayDeque<>();
    private final Map<String, Written> firstEvent = new HashMap<>();
    private int events;
    /** The name of the property being read. */
    private String propertyName;
    /** The same when it is a DTSTART or DTEND of the first VEVENT, kept as written; else null. */
    private String kept;
    private String value;
    private String tzid;
    private boolean date;

    private CalendarReader() {
        ContentHandlerContext context = new ContentHandlerContext()
                .withParameterFactorySupplier(CalendarReader::parameterFactories);
        model = new DefaultContentHandler(parsed -> calendar = parsed, null, context);
    }

    /** ical4j's parameters, but EMAIL as written. */
    private static List<ParameterFactory<?>> parameterFactories() {
        List<ParameterFactory<?>> factories = new ArrayList<>(new DefaultParameterFactorySupplier().get());
        factories.removeIf(f -> f instanceof Email.Factory);
        factories.add(new XParameter.Factory(Parameter.EMAIL));
        return factories;
    }

    /** The calendar in {@code text} (the last one, should there be several). */
    static CalendarReader parse(String text) throws IOException, ParserException {
        CalendarReader reader = new CalendarReader();
        new CalendarParserImpl(true).parse(new UnfoldingReader(new StringReader(text), true), reader);
        return reader;
    }

    Calendar calendar() {
        return calendar;
    }

    /** DTSTART or DTEND of the first VEVENT as written. */
    Optional<Written> firstEvent(String name) {
        return Optional.ofNullable(firstEvent.get(name));
    }

    @Override
    public void startCalendar() {
        open.clear();
        firstEvent.clear();
        events = 0;
        kept = null;
        model.startCalendar();
    }

    @Override
    public void endCalendar() throws IOException {
        model.endCalendar();
    }

    @Override
    public void startComponent(String name) {
        open.push(name.toUpperCase(Locale.ROOT));
        if (open.size() == 1 && Component.VEVENT.equals(open.peek())) {
            events++;
        }
        model.startComponent(name);
    }

    @Override
    public void endComponent(String name) {
        open.poll();
        model.endComponent(name);
    }

    @Override
    public void startProperty(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        boolean keep = (Property.DTSTART.equals(upper) || Property.DTEND.equals(upper)) && open.size() == 1
                && Component.VEVENT.equals(open.peek()) && events == 1;
        kept = keep ? upper : null;
        propertyName = upper;
        value = null;
        tzid = null;
        date = false;
        model.startProperty(name);
    }

    @Override
    public void parameter(String name, String value) throws URISyntaxException {
        if (kept != null && Parameter.TZID.equalsIgnoreCase(name)) {
            tzid = unquoted(value);
        } else if (kept != null && Parameter.VALUE.equalsIgnoreCase(name)) {
            date = "DATE".equalsIgnoreCase(unquoted(value));
        }
        try {
            model.parameter(name, value);
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOGGER.debug("dropped the parameter {} of {} that ical4j refuses: {}", name, propertyName, e.toString());
        }
    }

    @Override
    public void propertyValue(String value) throws URISyntaxException, ParseException, IOException {
        this.value = value;
        model.propertyValue(value);
    }

    @Override
    public void endProperty(String name) throws URISyntaxException, ParseException, IOException {
        if (kept != null && value != null) {
            firstEvent.putIfAbsent(kept, new Written(kept, value.strip(), tzid, date));
        }
        kept = null;
        try {
            model.endProperty(name);
        } catch (URISyntaxException | ParseException | IllegalArgumentException e) {
            if (NEEDED.contains(propertyName) || open.contains(Component.VTIMEZONE)) {
                throw e;
            }
            LOGGER.debug("dropped the property {} that ical4j refuses: {}", propertyName, e.toString());
        }
    }

    private static String unquoted(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
