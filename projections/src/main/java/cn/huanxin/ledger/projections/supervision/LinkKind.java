package cn.huanxin.ledger.projections.supervision;

/**
 * The kinds of subject a {@code supervision_link} row ties an event to, besides the event's own
 * stream. {@code ITEM} is an item a reverse invoice names (a VIN or a returnId, the invoice does not
 * say which); the old-item kinds of a subsidy ({@code VEHICLE}, {@code APPLIANCE}, {@code EBIKE},
 * {@code EQUIPMENT}) carry the subsidy's own word for it.
 */
enum LinkKind {
    PERSON, ENTERPRISE, FUND, SUBSIDY, VEHICLE, APPLIANCE, EBIKE, EQUIPMENT, ITEM
}
