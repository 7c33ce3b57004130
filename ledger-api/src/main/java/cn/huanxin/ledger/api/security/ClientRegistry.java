package cn.huanxin.ledger.api.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured clients, checked once at start: unique names of the source alphabet, a hash for
 * every password, and only known event types.
 */
@Component
public class ClientRegistry implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, LedgerClient> clients = new LinkedHashMap<>();
    private final Map<String, String> passwordHashes = new LinkedHashMap<>();

    public ClientRegistry(ClientProperties properties) {
        for (ClientProperties.Client client : properties.clients()) {
            if (client.name() == null || !NAME.matcher(client.name()).matches()) {
                throw new IllegalStateException("client name must be 1-64 of [A-Za-z0-9._-]: " + client.name());
            }
            if (clients.containsKey(client.name())) {
                throw new IllegalStateException("client " + client.name() + " is configured twice");
            }
            if (client.role() == null) {
                throw new IllegalStateException("client " + client.name() + " has no role");
            }
            if (client.passwordHash() == null || !client.passwordHash().startsWith("{")) {
                throw new IllegalStateException("client " + client.name()
                        + " needs a password-hash with its encoder prefix, e.g. {bcrypt}$2a$10$…");
            }
            boolean all = client.eventTypes().contains("*");
            Set<String> types = new HashSet<>(client.eventTypes());
            if (client.role() != Role.SOURCE && (!types.isEmpty() || client.backfill())) {
                throw new IllegalStateException("only SOURCE clients post events: " + client.name());
            }
            types.remove("*");
            clients.put(client.name(), new LedgerClient(client.name(), client.role(), Set.copyOf(types), all,
                    client.backfill()));
            passwordHashes.put(client.name(), client.passwordHash());
        }
        if (properties.demoClients() && !clients.isEmpty()) {
            log.warn("The demo clients {} are configured with their public demo passwords. "
                    + "Never run them with real data: configure ledger.security.clients instead.", clients.keySet());
        }
        if (clients.isEmpty()) {
            log.warn("No clients are configured (ledger.security.clients): every request will be refused.");
        }
    }

    public Optional<LedgerClient> find(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    /** The client behind an authenticated request; authentication guarantees it exists. */
    public LedgerClient of(Authentication authentication) {
        return find(authentication.getName())
                .orElseThrow(() -> new IllegalStateException("authenticated client is not configured"));
    }

    public List<LedgerClient> all() {
        return List.copyOf(clients.values());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        LedgerClient client = clients.get(username);
        if (client == null) {
            throw new UsernameNotFoundException("unknown client");
        }
        return new User(client.name(), passwordHashes.get(username),
                List.of(new SimpleGrantedAuthority(client.role().authority())));
    }
}
