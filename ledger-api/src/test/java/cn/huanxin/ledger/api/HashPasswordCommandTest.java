package cn.huanxin.ledger.api;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar ledger-api.jar hash-password}: the hash it prints is one the ledger's password
 * encoder accepts for that password and no other, and a missing or over-long password is refused.
 */
class HashPasswordCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsABcryptHashTheLedgerAcceptsForThatPasswordOnly() {
        int exit = run("s3cret-密码\nignored second line\n");

        assertThat(exit).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        PasswordEncoder ledger = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        assertThat(ledger.matches("s3cret-密码", hash)).isTrue();
        assertThat(ledger.matches("ignored second line", hash)).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void refusesAnEmptyOrOverLongPassword() {
        assertThat(run("")).isEqualTo(2);
        assertThat(run("\n")).isEqualTo(2);
        assertThat(run("x".repeat(73) + "\n")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar ledger-api.jar hash-password");
    }

    private int run(String input) {
        return LedgerApplication.hashPassword(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
