package cn.huanxin.ledger.api.e2e;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh identifiers with valid check characters, computed here from the published standards (ISO 3779
 * for VINs, GB 32100-2015 for enterprise codes, GB 11643 / ISO 7064 MOD 11-2 for resident ID numbers)
 * so that every test can open its own streams and post its own personal values.
 */
final class ValidIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final String TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private ValidIds() {
    }

    /** A short token unique within the JVM run (a counter) and across runs (random letters). */
    static String token() {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.append(COUNTER.incrementAndGet()).toString();
    }

    static String vin() {
        char[] vin = new char[17];
        for (int i = 0; i < 17; i++) {
            vin[i] = VIN_ALPHABET.charAt(RANDOM.nextInt(VIN_ALPHABET.length()));
        }
        vin[0] = 'L'; // a Chinese-made vehicle, for realism
        vin[8] = vinCheck(new String(vin));
        return new String(vin);
    }

    /** The same VIN with a wrong check digit. */
    static String badVin(String vin) {
        char wrong = vin.charAt(8) == '0' ? '1' : '0';
        return vin.substring(0, 8) + wrong + vin.substring(9);
    }

    static char vinCheck(String vin) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            if (i == 8) {
                continue;
            }
            char c = vin.charAt(i);
            int value;
            if (Character.isDigit(c)) {
                value = c - '0';
            } else {
                // ISO 3779 transliteration: A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9
                String letters = "ABCDEFGH" + "JKLMN" + "P" + "R" + "STUVWXYZ";
                int[] values = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
                value = values[letters.indexOf(c)];
            }
            sum += value * VIN_WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder == 10 ? 'X' : (char) ('0' + remainder);
    }

    static String enterpriseId() {
        StringBuilder code = new StringBuilder("91320812");
        while (code.length() < 17) {
            code.append(USCC_ALPHABET.charAt(RANDOM.nextInt(USCC_ALPHABET.length())));
        }
        return code.append(usccCheck(code)).toString();
    }

    /** The same code with a wrong check character. */
    static String badEnterpriseId(String code) {
        char good = code.charAt(17);
        char wrong = USCC_ALPHABET.charAt((USCC_ALPHABET.indexOf(good) + 1) % USCC_ALPHABET.length());
        return code.substring(0, 17) + wrong;
    }

    static char usccCheck(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
        }
        return USCC_ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** A resident ID number of someone born in Huai'an, with a valid MOD 11-2 check character. */
    static String idNumber() {
        String first17 = String.format("320812%04d%02d%02d%03d", 1950 + RANDOM.nextInt(55), 1 + RANDOM.nextInt(12),
                1 + RANDOM.nextInt(28), RANDOM.nextInt(1000));
        return first17 + idCheck(first17);
    }

    /** The same number with a wrong check character. */
    static String badIdNumber(String id) {
        char good = id.charAt(17);
        char wrong = ID_CHECK.charAt((ID_CHECK.indexOf(good) + 1) % ID_CHECK.length());
        return id.substring(0, 17) + wrong;
    }

    static char idCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11);
    }

    /** A bank account number (not checked by the ledger; only pseudonymised). */
    static String payeeAccount() {
        StringBuilder account = new StringBuilder("62170");
        while (account.length() < 19) {
            account.append(RANDOM.nextInt(10));
        }
        return account.toString();
    }

    static String deliveryAddress() {
        return "江苏省淮安市清江浦区测试路" + (1 + RANDOM.nextInt(999)) + "号" + (1 + RANDOM.nextInt(30)) + "幢"
                + (100 + RANDOM.nextInt(2900)) + "室" + token();
    }
}
