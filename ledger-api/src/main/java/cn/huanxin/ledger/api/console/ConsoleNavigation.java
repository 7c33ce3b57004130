package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.LedgerClient;

import java.util.List;
import java.util.Map;

/**
 * The console's pages in the order the navigation lists them, each with the access row that serves
 * it: a reader sees a link only to a page the {@link AccessPolicy} lets them open, so the menu never
 * offers what would be refused.
 */
final class ConsoleNavigation {

    /**
     * One entry of the menu.
     *
     * @param labelKey the message key of its label
     * @param path     where it leads
     * @param endpoint its row in the access policy, {@code METHOD /pattern}
     */
    record Entry(String labelKey, String path, String endpoint) {
    }

    static final List<Entry> PAGES = List.of(
            new Entry("nav.overview", "/console", "GET /console"),
            new Entry("nav.balances", "/console/balances", "GET /console/balances"),
            new Entry("nav.alerts", "/console/alerts", "GET /console/alerts"),
            new Entry("nav.trace", "/console/trace", "GET /console/trace"),
            new Entry("nav.targets", "/console/targets", "GET /console/targets"),
            new Entry("nav.integrity", "/console/integrity", "GET /console/integrity"),
            new Entry("nav.investigations", "/console/investigations", "GET /console/investigations"),
            new Entry("nav.operations", "/console/operations", "GET /console/operations"));

    private ConsoleNavigation() {
    }

    /** The entries this client may open. */
    static List<Entry> visibleTo(LedgerClient client, AccessPolicy policy) {
        return PAGES.stream().filter(page -> policy.permits(page.endpoint(), Map.of(), client)).toList();
    }
}
