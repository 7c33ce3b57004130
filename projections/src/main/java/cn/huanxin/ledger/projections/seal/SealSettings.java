package cn.huanxin.ledger.projections.seal;

import java.time.Duration;

/**
 * When the seal signs a checkpoint: whenever the tree reaches a multiple of
 * {@code checkpointEvery} leaves, and besides, once {@code checkpointInterval} has passed since the
 * last checkpoint while newer leaves wait unsigned.
 *
 * @param checkpointEvery    leaves between count-driven checkpoints, at least 1
 * @param checkpointInterval the longest a leaf waits for a signed checkpoint, at least one second
 */
public record SealSettings(int checkpointEvery, Duration checkpointInterval) {

    public SealSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1");
        }
        if (checkpointInterval == null || checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("checkpointInterval must be at least one second");
        }
    }
}
