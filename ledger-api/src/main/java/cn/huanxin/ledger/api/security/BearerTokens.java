package cn.huanxin.ledger.api.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSAlgorithmFamilyJWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;

/** The decoder and the converter behind bearer tokens: see {@link BearerTokenProperties}. */
final class BearerTokens {

    private BearerTokens() {
    }

    /** Verifies signature (keys from the configured JWK set), issuer, audience, expiry and not-before. */
    static JwtDecoder decoder(BearerTokenProperties settings) {
        NimbusJwtDecoder decoder;
        if (settings.jwkSetFile() != null) {
            JWKSet keys;
            try {
                keys = JWKSet.load(settings.jwkSetFile().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger.security.jwt.jwk-set-file "
                        + settings.jwkSetFile(), e);
            } catch (ParseException e) {
                throw new IllegalArgumentException("ledger.security.jwt.jwk-set-file " + settings.jwkSetFile()
                        + " is not a JWK set: " + e.getMessage(), e);
            }
            if (keys.getKeys().isEmpty()) {
                throw new IllegalArgumentException("ledger.security.jwt.jwk-set-file holds no key");
            }
            JWKSource<SecurityContext> source = new ImmutableJWKSet<>(keys.toPublicJWKSet());
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            try {
                processor.setJWSKeySelector(JWSAlgorithmFamilyJWSKeySelector.fromJWKSource(source));
            } catch (Exception e) {
                throw new IllegalArgumentException("ledger.security.jwt.jwk-set-file: unusable keys", e);
            }
            // Claims are checked by Spring's validators below, with the configured clock skew.
            processor.setJWTClaimsSetVerifier((claims, context) -> {
            });
            decoder = new NimbusJwtDecoder(processor);
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                new JwtTimestampValidator(settings.clockSkew()),
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(settings.audience())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * A verified token as one of the configured clients: the client named in the client claim, with
     * its configured role. A role claim that names another role is refused, not obeyed.
     */
    static Converter<Jwt, AbstractAuthenticationToken> converter(BearerTokenProperties settings,
                                                                 ClientRegistry clients) {
        return jwt -> {
            String name = jwt.getClaimAsString(settings.clientClaim());
            LedgerClient client = name == null ? null : clients.find(name).orElse(null);
            if (client == null) {
                throw new InvalidBearerTokenException("the token names no configured client");
            }
            Object role = jwt.getClaims().get(settings.roleClaim());
            if (role != null && !claimsRole(role, client.role())) {
                throw new InvalidBearerTokenException("the token's role claim is not its client's role");
            }
            return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(client.role().authority())),
                    client.name());
        };
    }

    /** A role claim is a role name, or a list holding exactly the client's role. */
    private static boolean claimsRole(Object claim, Role role) {
        if (claim instanceof Collection<?> roles) {
            return roles.size() == 1 && claimsRole(roles.iterator().next(), role);
        }
        String text = claim.toString();
        return text.equals(role.name()) || text.equals(role.authority());
    }
}
