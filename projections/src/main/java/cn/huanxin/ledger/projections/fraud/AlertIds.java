package cn.huanxin.ledger.projections.fraud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alert ids are the first 32 hex characters (128 bits) of SHA-256 over
 * {@code ruleId|subjectKind|subjectRef|window}: a replay, an investigation or another ledger
 * instance computes the same id for the same finding, so dispositions stay attached.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String ruleId, String subjectKind, String subjectRef, String window) {
        String key = ruleId + "|" + subjectKind + "|" + subjectRef + "|" + (window == null ? "" : window);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
