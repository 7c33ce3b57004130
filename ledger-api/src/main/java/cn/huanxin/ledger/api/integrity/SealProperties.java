package cn.huanxin.ledger.api.integrity;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The seal's settings ({@code ledger.seal.*}).
 *
 * @param keyFile               a PEM file holding the Ed25519 signing key: a {@code PRIVATE KEY}
 *                              block (PKCS #8) and its {@code PUBLIC KEY} block
 * @param generateIfMissing     without a key file, generate a key into
 *                              {@code <data-dir>/seal-ed25519.pem} on first start (default profile)
 * @param checkpointEveryEvents sign a checkpoint whenever the tree reaches a multiple of this size
 *                              (at least 1)
 * @param checkpointInterval    and at the latest this long after the last one, while leaves wait
 *                              (at least a second: the seal looks once a second)
 * @param evidenceWait          how long an evidence request waits for the seal to reach the
 *                              subject's newest events before answering 503
 * @param maxEvidenceEvents     the most events one evidence bundle holds (at least 1)
 */
@Validated
@ConfigurationProperties("ledger.seal")
public record SealProperties(
        Path keyFile,
        @DefaultValue("false") boolean generateIfMissing,
        @DefaultValue("1000") @Min(1) int checkpointEveryEvents,
        @DefaultValue("2s") @DurationMin(seconds = 1) Duration checkpointInterval,
        @DefaultValue("10s") Duration evidenceWait,
        @DefaultValue("10000") @Min(1) int maxEvidenceEvents,
        @DefaultValue List<Path> previousPublicKeys) {
}
