/**
 * Service levels by email (issue 13, seed 004 "SLA"): {@link org.ticketmail.sla.SlaWatch} measures open tickets
 * against {@code conf/sla.yaml} on a schedule and after every change and warns a breach's owner once;
 * {@link org.ticketmail.sla.SlaFigures} gives the compliance figures of the JSON view and the status page.
 */
package org.ticketmail.sla;
