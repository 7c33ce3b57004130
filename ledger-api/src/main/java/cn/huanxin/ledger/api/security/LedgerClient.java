package cn.huanxin.ledger.api.security;

import java.util.Set;

/**
 * An authenticated client as the ledger sees it.
 *
 * @param name       login name, and the {@code source} of everything a SOURCE client posts
 * @param role       its single role
 * @param eventTypes the types it may post; empty for non-SOURCE clients
 * @param allTypes   whether it may post every type
 * @param backfill   whether it imports history (late-upload rule R20 does not judge it)
 */
public record LedgerClient(String name, Role role, Set<String> eventTypes, boolean allTypes, boolean backfill) {

    public boolean mayPost(String type) {
        return role == Role.SOURCE && (allTypes || eventTypes.contains(type));
    }
}
