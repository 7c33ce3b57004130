package cn.huanxin.ledger.projections.supervision;

import java.util.List;

/** What one event adds to the projection's tables: its row and its links. */
record IndexedEvent(EventRow row, List<Link> links) {

    IndexedEvent {
        links = List.copyOf(links);
    }
}
