package cn.huanxin.ledger.loadgen;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.core.common.Vin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Builds identifiers with valid check characters, using the ledger's own check functions.
 *
 * <p>VINs and unified social credit codes have a fixed form and cannot carry the run id as a prefix,
 * so a short run tag derived from the run id is built into them instead, together with a serial
 * number that is unique within the run. Two runs share codes only if their tags collide.
 */
final class Identifiers {

    /** The GB 32100-2015 alphabet. */
    static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** The characters a VIN may use. */
    static final String VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

    /** Letters only, for the model part of a VIN. */
    static final String VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /** How many enterprise serials fit in the three serial characters of a code. */
    static final int MAX_ENTERPRISES = 31 * 31 * 31;

    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final String usccTag;
    private final String vinTag;

    Identifiers(String runId) {
        byte[] hash = sha256(runId);
        StringBuilder uscc = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            uscc.append(USCC_ALPHABET.charAt((hash[i] & 0xff) % USCC_ALPHABET.length()));
        }
        StringBuilder vin = new StringBuilder();
        for (int i = 4; i < 7; i++) {
            vin.append(VIN_ALPHABET.charAt((hash[i] & 0xff) % VIN_ALPHABET.length()));
        }
        this.usccTag = uscc.toString();
        this.vinTag = vin.toString();
    }

    /**
     * A resident ID number: six-digit region, birth date, three-digit sequence, check character.
     */
    static String residentId(String region, LocalDate birth, int sequence) {
        String first17 = region + BASIC_DATE.format(birth) + String.format("%03d", sequence % 1000);
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    /**
     * A unified social credit code of an enterprise (registration authority 9, type 1) in a region:
     * {@code 91} + region + {@code MA} + run tag + serial in base 31 + check character.
     */
    String enterpriseId(String region, int serial) {
        if (serial < 0 || serial >= MAX_ENTERPRISES) {
            throw new IllegalArgumentException("enterprise serial out of range: " + serial);
        }
        String s = base31(serial);
        String first17 = "91" + region + "MA" + usccTag + s;
        return first17 + EnterpriseId.checkCharacter(first17);
    }

    /**
     * A VIN: world manufacturer code, two model letters, the run tag, check digit, model-year code,
     * plant code and a six-digit serial that is unique within the run.
     */
    String vin(String wmi, String model2, int modelYear, char plant, int serial) {
        int overflow = serial / 1_000_000;
        char plantCode = VIN_ALPHABET.charAt((VIN_ALPHABET.indexOf(plant) + overflow) % VIN_ALPHABET.length());
        String draft = wmi + model2 + vinTag + "0" + modelYearCode(modelYear) + plantCode
                + String.format("%06d", serial % 1_000_000);
        char check = Vin.checkDigit(draft);
        return draft.substring(0, 8) + check + draft.substring(9);
    }

    /** The ISO 3779 model-year code (30-year cycle starting 1980 = A, 2010 = A again). */
    static char modelYearCode(int year) {
        String codes = "ABCDEFGHJKLMNPRSTVWXY123456789";
        return codes.charAt(Math.floorMod(year - 1980, 30));
    }

    private static String base31(int n) {
        char[] c = new char[3];
        for (int i = 2; i >= 0; i--) {
            c[i] = USCC_ALPHABET.charAt(n % 31);
            n /= 31;
        }
        return new String(c);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
