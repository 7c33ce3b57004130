package cn.huanxin.ledger.api.investigation;

import java.time.Instant;
import java.util.Map;

/**
 * One investigation as stored: the request, where the run stands, and its counters.
 *
 * @param eventsTotal   the head global position of the event table when the run started (the run
 *                      reads up to it and no further), {@code null} before it starts
 * @param eventsRead    events read from the event table so far
 * @param eventsMatched events in the slice and region, fed to the rules
 * @param progress      0 … 1: how far through the event table the run is
 */
record Investigation(String id, InvestigationStatus status, String from, String to, String regionCode,
                     Map<String, Map<String, String>> rules, String requestedBy, Long eventsTotal, long eventsRead,
                     long eventsMatched, double progress, long alertsFound, Instant createdAt, Instant startedAt,
                     Instant finishedAt, String error) {
}
