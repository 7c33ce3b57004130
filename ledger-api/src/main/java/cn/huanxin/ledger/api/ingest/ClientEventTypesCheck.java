package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a source client is allowed an event type that the catalogue does not know.
 * A misspelt type in the settings would otherwise quietly forbid the very events it meant to allow.
 * The check lives here, beside the catalogue, so that the security package needs to know nothing of
 * event types beyond their names.
 */
@Component
class ClientEventTypesCheck {

    ClientEventTypesCheck(ClientRegistry clients, EventTypeCatalog catalog) {
        check(clients, catalog);
    }

    static void check(ClientRegistry clients, EventTypeCatalog catalog) {
        for (LedgerClient client : clients.all()) {
            for (String type : client.eventTypes()) {
                if (catalog.find(type).isEmpty()) {
                    throw new IllegalStateException("client " + client.name() + " lists unknown event type " + type);
                }
            }
        }
    }
}
