package cn.huanxin.ledger.projections.fraud;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row a fraud rule inserts can go to PostgreSQL by {@code COPY}: {@link PendingWrites} sends an
 * {@code INSERT}'s rows that way only when its {@code VALUES} tuple is parameters and nothing else, so
 * a literal in it (R15's and R16's {@code voided} was {@code 0}) quietly turns a rule's rows into
 * multi-row {@code INSERT}s, several times slower. Read from the rules' sources, every statement of
 * the {@code rules} package.
 */
class RuleInsertsByCopyTest {

    private static final Path RULES = Path.of("src/main/java/cn/huanxin/ledger/projections/fraud/rules");

    /** A {@code VALUES} tuple inside a string literal of the sources. */
    private static final Pattern TUPLE = Pattern.compile("VALUES (\\([^)\"]*\\))");

    @Test
    void everyRulesInsertBindsEachValue() throws IOException {
        List<String> tuples = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher tuple = TUPLE.matcher(Files.readString(file));
                while (tuple.find()) {
                    tuples.add(tuple.group(1));
                    if (!PendingWrites.PARAMETERS_ONLY.matcher(tuple.group(1)).matches()) {
                        refused.add(file.getFileName() + ": " + tuple.group(1));
                    }
                }
            }
        }
        assertThat(tuples).as("the rules' inserts are found").hasSizeGreaterThan(30);
        assertThat(refused).as("tuples that would not go by COPY").isEmpty();
    }
}
