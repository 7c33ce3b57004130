package cn.huanxin.ledger.api.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's documentation stands on its own: the OpenAPI description and every markdown file
 * of the repository (README.md, docs/ and any other outside build output) point only at files of
 * the repository. None names a folder beside it ({@code ../shared}), this machine's work folders
 * ({@code /work/}) or any other absolute path of a machine; every relative markdown link resolves
 * to a file of the repository, and its anchor to a heading of that file; and every markdown file or
 * repository path named in the text exists. Plain JUnit: it reads files only.
 */
class DocumentationLinksTest {

    private static final String DESCRIPTION = "ledger-api/src/main/resources/static/openapi.yaml";

    /** Folders that hold build output, tools' state or local data, not documentation. */
    private static final Set<String> NOT_DOCUMENTATION = Set.of("target", "node_modules", "data");

    /** A path of some machine: a home, temporary or mount folder, a drive letter, a file URL. */
    private static final Pattern MACHINE_PATH = Pattern.compile(
            "(?<![\\w/.~:-])/(?:work|home|root|Users|tmp|mnt|opt|srv|var|private|Volumes)/"
                    + "|(?<![\\w/])~/|(?<![\\w])[A-Za-z]:\\\\|file:/");

    /** An inline link or image {@code [text](target "title")}, and a reference definition {@code [label]: target}. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)"
            + "|^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$", Pattern.MULTILINE);

    /** A markdown file named in the text, e.g. {@code docs/api.md} or {@code ingestion.md}. */
    private static final Pattern MARKDOWN_NAME = Pattern.compile("(?<![\\w/.~-])((?:[\\w.-]+/)*[\\w-][\\w.-]*\\.md)(?![\\w/])");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("^(```|~~~).*?^\\1\\s*$", Pattern.MULTILINE | Pattern.DOTALL);

    private static Path root;
    private static List<Path> markdown;

    @BeforeAll
    static void findTheDocuments() throws IOException {
        root = repositoryRoot();
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                String name = folder.getFileName().toString();
                return folder.equals(root) || !(name.startsWith(".") || NOT_DOCUMENTATION.contains(name))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".md")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        markdown = found.stream().sorted().toList();
    }

    @Test
    void checksTheReadmeTheDocsAndTheDescription() {
        assertThat(markdown).contains(root.resolve("README.md"), root.resolve("docs/api.md"),
                root.resolve("docs/ingestion.md"), root.resolve("docs/fraud-rules.md"));
        assertThat(root.resolve(DESCRIPTION)).exists();
    }

    @Test
    void nothingPointsOutsideTheRepository() {
        List<String> failures = new ArrayList<>();
        for (Path document : documents()) {
            String text = read(document);
            forEachLine(text, (number, line) -> {
                if (line.contains("../shared")) {
                    failures.add(where(document, number) + " names ../shared: " + line.strip());
                }
                Matcher machinePath = MACHINE_PATH.matcher(line);
                if (machinePath.find()) {
                    failures.add(where(document, number) + " names a path of a machine (" + machinePath.group()
                            + "): " + line.strip());
                }
            });
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyRelativeLinkLeadsToAFileOfTheRepositoryAndItsHeading() {
        List<String> failures = new ArrayList<>();
        for (Path document : markdown) {
            String text = withoutCode(read(document));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1) != null ? link.group(1) : link.group(2);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue;
                }
                String problem = problemWithLink(document, target);
                if (problem != null) {
                    failures.add(document(document) + ": link " + target + " " + problem);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * A markdown file or a path of the repository named in running text ({@code `docs/balances.md`},
     * {@code ledger-api/src/main/resources/config/policy.yml}) exists: a markdown file relative to the
     * naming document or to the repository's root, a path from the root. Templates and elisions
     * ({@code {Type}.json}, {@code projections/…/supervision}) and build output are not paths.
     */
    @Test
    void everyFileNamedInTheTextExists() throws IOException {
        Pattern repositoryPath = repositoryPathPattern();
        List<String> failures = new ArrayList<>();
        for (Path document : documents()) {
            String text = read(document);
            forEachLine(text, (number, line) -> {
                Matcher name = MARKDOWN_NAME.matcher(line);
                while (name.find()) {
                    String file = name.group(1);
                    if (!Files.exists(document.getParent().resolve(file)) && !Files.exists(root.resolve(file))) {
                        failures.add(where(document, number) + " names " + file + ", which is not in the repository");
                    }
                }
                Matcher path = repositoryPath.matcher(line);
                while (path.find()) {
                    String named = path.group().replaceAll("[.:]+$", "");
                    if (named.contains("…") || named.contains("{") || named.contains("*") || named.contains("$")
                            || named.contains("/target/")) {
                        continue;
                    }
                    if (!Files.exists(root.resolve(named))) {
                        failures.add(where(document, number) + " names " + named + ", which is not in the repository");
                    }
                }
            });
        }
        assertThat(failures).isEmpty();
    }

    // ---- links

    /** Why a relative link does not resolve, or {@code null} when it does. */
    private static String problemWithLink(Path document, String target) {
        int hash = target.indexOf('#');
        String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "names no file of the repository";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8))) {
            return "names no heading of " + root.relativize(resolved);
        }
        return null;
    }

    /**
     * The anchors a heading gets where the repository is read (GitHub's rule): the heading's text in
     * lower case, without markup and punctuation other than hyphens and underscores, spaces made
     * hyphens; a repeated heading gets {@code -1}, {@code -2} and so on.
     */
    static Set<String> anchors(Path document) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(FENCE.matcher(read(document)).replaceAll(""));
        while (heading.find()) {
            String text = heading.group(1).replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }

    // ---- the documents

    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(markdown);
        documents.add(root.resolve(DESCRIPTION));
        return documents;
    }

    /** A path in the text that starts with one of the repository's top folders, such as {@code docs/}. */
    private static Pattern repositoryPathPattern() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            String folders = entries.filter(Files::isDirectory).map(folder -> folder.getFileName().toString())
                    .filter(folder -> !folder.startsWith(".") && !NOT_DOCUMENTATION.contains(folder))
                    .map(Pattern::quote).collect(Collectors.joining("|"));
            return Pattern.compile("(?<![\\w/.~-])(?:" + folders + ")/[^\\s`'\"()<>\\[\\]|,;]*");
        }
    }

    /** The folder holding the Maven wrapper and docs/: the module's tests run in ledger-api/. */
    private static Path repositoryRoot() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder.resolve("mvnw")) && Files.isDirectory(folder.resolve("docs"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds mvnw and docs/");
    }

    private static String withoutCode(String markdownText) {
        return FENCE.matcher(markdownText).replaceAll("").replaceAll("`[^`\n]*`", "");
    }

    private interface LineVisitor {
        void visit(int number, String line);
    }

    private static void forEachLine(String text, LineVisitor visitor) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            visitor.visit(i + 1, lines[i]);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String document(Path document) {
        return root.relativize(document).toString();
    }

    private static String where(Path document, int line) {
        return document(document) + ":" + line;
    }
}
