package cn.huanxin.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The clients allowed to use the ledger ({@code ledger.security.*}). Passwords are stored only as
 * hashes ({@code {bcrypt}$2a$10$…}).
 *
 * @param demoClients whether the configured clients are the public demo ones (a warning is logged)
 * @param clients     every client with its role
 */
@ConfigurationProperties("ledger.security")
public record ClientProperties(@DefaultValue("false") boolean demoClients, @DefaultValue List<Client> clients) {

    /**
     * @param name         the login name; for a SOURCE client also its {@code source}
     * @param passwordHash the password hash with its encoder prefix
     * @param role         the client's single role
     * @param eventTypes   for SOURCE clients: the event types it may post; {@code *} for all
     * @param backfill     for SOURCE clients: an importer of history, not judged by the late-upload rule
     */
    public record Client(String name, String passwordHash, Role role, @DefaultValue List<String> eventTypes,
                         @DefaultValue("false") boolean backfill) {
    }
}
