package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.security.Role;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertStatus;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console speaks both languages completely: the Chinese and English bundles hold the same keys,
 * none empty; every label a template names exists; the labels built from enum values (severities,
 * statuses, dispositions, programmes, roles) and rule ids exist for every value; and no template
 * carries text of its own outside an element whose text comes from a bundle.
 */
class ConsoleMessagesTest {

    static final Path TEMPLATES = Path.of("src/main/resources/templates/console");
    static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern LITERAL_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @Test
    void bothLanguagesHoldTheSameKeysAndNoneIsEmpty() throws IOException {
        Properties zh = bundle("messages_zh.properties");
        Properties en = bundle("messages_en.properties");
        assertThat(zh.stringPropertyNames()).isNotEmpty().isEqualTo(en.stringPropertyNames());
        zh.forEach((key, value) -> assertThat(value.toString()).as("zh " + key).isNotBlank());
        en.forEach((key, value) -> assertThat(value.toString()).as("en " + key).isNotBlank());
        // The base bundle stays empty, so that a missing key shows instead of falling back.
        assertThat(bundle("messages.properties")).isEmpty();
    }

    @Test
    void everyKeyATemplateNamesExists() throws IOException {
        Set<String> keys = bundle("messages_zh.properties").stringPropertyNames();
        Set<String> named = new TreeSet<>();
        for (String template : templates()) {
            Matcher matcher = LITERAL_KEY.matcher(template);
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }
        assertThat(named).hasSizeGreaterThan(50);
        assertThat(keys).containsAll(named);
    }

    @Test
    void everyValueShownByNameHasALabel() throws IOException {
        Set<String> keys = bundle("messages_zh.properties").stringPropertyNames();
        List<String> wanted = new ArrayList<>();
        Stream.of(Severity.values()).forEach(v -> wanted.add("severity." + v));
        Stream.of(AlertStatus.values()).forEach(v -> wanted.add("status." + v));
        Stream.of(Disposition.values()).forEach(v -> wanted.add("disposition." + v));
        Stream.of(Programme.values()).forEach(v -> wanted.add("programme." + v));
        Stream.of(Role.values()).forEach(v -> wanted.add("role." + v));
        // Every rule of the registry, so that a new rule cannot reach the console without its label.
        for (FraudRule rule : FraudRules.all(RuleSettings.DEFAULTS)) {
            wanted.add("rule." + rule.id() + ".name");
            wanted.add("rule." + rule.id() + ".explain");
        }
        assertThat(keys).containsAll(wanted);
    }

    @Test
    void noTemplateCarriesTextOfItsOwn() throws IOException {
        for (Path file : templateFiles()) {
            String html = Files.readString(file)
                    .replaceAll("(?s)<!--.*?-->", "")
                    // An element whose text a bundle replaces: its placeholder text is never shown.
                    .replaceAll("(?s)<(\\w+)[^>]*\\sth:(?:text|utext|replace)=\"[^\"]*\"[^>]*>.*?</\\1>", "")
                    .replaceAll("(?s)<[^>]+>", "");
            assertThat(html.replaceAll("[\\s:：]", "")).as(file.getFileName() + " has text outside the bundles")
                    .isEmpty();
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<String> templates() throws IOException {
        List<String> contents = new ArrayList<>();
        for (Path file : templateFiles()) {
            contents.add(Files.readString(file));
        }
        return contents;
    }

    private static List<Path> templateFiles() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
    }
}
