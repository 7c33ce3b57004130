package cn.huanxin.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * OAuth2 JWT bearer tokens for integrated systems ({@code ledger.security.jwt.*}), accepted beside
 * HTTP Basic once an issuer is configured. A token names a configured client in
 * {@code client-claim}; that client's role and event types apply, and a {@code role-claim} that
 * names another role refuses the token (a token cannot raise its client's role).
 *
 * @param issuer      the {@code iss} every token must carry; tokens are refused while it is unset
 * @param audience    the {@code aud} every token must include
 * @param jwkSetFile  a JWK set file with the issuer's public keys (for an air-gapped network)
 * @param jwkSetUri   or the issuer's JWK set URI
 * @param clientClaim the claim naming the ledger client
 * @param roleClaim   the claim that may state the client's role; must then equal the configured role
 * @param clockSkew   tolerance on {@code exp} and {@code nbf}
 */
@ConfigurationProperties("ledger.security.jwt")
public record BearerTokenProperties(String issuer, String audience, Path jwkSetFile, String jwkSetUri,
                                    @DefaultValue("sub") String clientClaim,
                                    @DefaultValue("role") String roleClaim,
                                    @DefaultValue("60s") Duration clockSkew) {

    public BearerTokenProperties {
        if (enabled(issuer)) {
            if ((jwkSetFile == null) == (jwkSetUri == null || jwkSetUri.isBlank())) {
                throw new IllegalArgumentException(
                        "ledger.security.jwt: set exactly one of jwk-set-file and jwk-set-uri with the issuer");
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("ledger.security.jwt.audience is required with the issuer, "
                        + "so that a token made for another service is refused");
            }
        }
    }

    public boolean enabled() {
        return enabled(issuer);
    }

    private static boolean enabled(String issuer) {
        return issuer != null && !issuer.isBlank();
    }
}
