package cn.huanxin.ledger.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.util.Map;

/**
 * The ledger's own settings ({@code ledger.*}).
 *
 * @param dataDir   where the embedded database, the generated pseudonym key and (later) the
 *                  signing key live
 * @param pseudonym how personal values become keyed pseudonyms
 * @param regions   the region table: code to name; the default is Huai'an
 * @param ingest    limits of the ingestion API
 */
@Validated
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Pseudonym pseudonym,
        Map<String, String> regions,
        @DefaultValue @Valid Ingest ingest) {

    /**
     * @param key                hex-encoded HMAC key (at least 32 bytes); required in production
     * @param generateIfMissing  whether to create a random key under the data directory on first start
     */
    public record Pseudonym(String key, @DefaultValue("false") boolean generateIfMissing) {
    }

    /**
     * @param maxSingleBytes     largest body of {@code POST /events}
     * @param maxBatchBytes      largest body of {@code POST /events/batch}
     * @param maxBatchEvents     most events in one batch
     * @param chunkEvents        events recorded per database transaction within a batch
     * @param futureSkewSeconds  how far in the future an {@code occurredAt} may lie
     * @param retryAfterSeconds  the {@code Retry-After} of a 503
     */
    public record Ingest(
            @DefaultValue("1048576") @Min(1024) long maxSingleBytes,
            @DefaultValue("16777216") @Min(1024) long maxBatchBytes,
            @DefaultValue("1000") @Min(1) @Max(1000) int maxBatchEvents,
            @DefaultValue("500") @Min(1) @Max(1000) int chunkEvents,
            @DefaultValue("300") @Min(0) long futureSkewSeconds,
            @DefaultValue("5") @Min(1) int retryAfterSeconds) {
    }
}
