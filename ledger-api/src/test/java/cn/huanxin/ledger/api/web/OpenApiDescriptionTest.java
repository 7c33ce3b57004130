package cn.huanxin.ledger.api.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static OpenAPI description ({@code static/openapi.yaml}, served at {@code /openapi.yaml})
 * parses, is OpenAPI 3, documents exactly the implemented endpoints with their methods, and lists a 401
 * for every operation that needs credentials. Plain JUnit: no Spring context.
 */
class OpenApiDescriptionTest {

    private static final String RESOURCE = "static/openapi.yaml";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static Map<String, Object> document;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDescriptionTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is on the classpath");
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    @Test
    void isOpenApi3() {
        Object version = document.get("openapi");
        assertNotNull(version, "openapi field");
        assertTrue(version.toString().startsWith("3."), "OpenAPI 3.x, was " + version);
        assertNotNull(map(document, "info").get("title"));
        assertNotNull(map(document, "info").get("description"));
    }

    /**
     * The implemented endpoints are read from the controllers themselves (every
     * {@code @GetMapping} and {@code @PostMapping} of a {@code @RestController} under
     * {@code cn.huanxin.ledger.api}), so a new endpoint without documentation fails here.
     */
    @Test
    void documentsEveryImplementedEndpoint() {
        Map<String, List<String>> implemented = implementedEndpoints();
        assertTrue(implemented.size() >= 23, "found the controllers' endpoints: " + implemented.keySet());
        Map<String, Object> paths = map(document, "paths");
        implemented.forEach((path, methods) -> {
            assertTrue(paths.containsKey(path), "documents " + path);
            Map<String, Object> item = map(paths, path);
            List<String> documented = item.keySet().stream().filter(METHODS::contains).sorted().toList();
            assertEquals(methods.stream().sorted().toList(), documented, "methods of " + path);
        });
        paths.keySet().forEach(path -> assertTrue(implemented.containsKey(path), "implements documented " + path));
    }

    private static Map<String, List<String>> implementedEndpoints() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Map<String, List<String>> endpoints = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("cn.huanxin.ledger.api")) {
            Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(),
                    OpenApiDescriptionTest.class.getClassLoader());
            RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
            for (Method method : controller.getDeclaredMethods()) {
                GetMapping get = AnnotatedElementUtils.findMergedAnnotation(method, GetMapping.class);
                PostMapping post = AnnotatedElementUtils.findMergedAnnotation(method, PostMapping.class);
                if (get != null) {
                    paths(prefix, get.path()).forEach(path -> endpoints.computeIfAbsent(path, p -> new ArrayList<>()).add("get"));
                }
                if (post != null) {
                    paths(prefix, post.path()).forEach(path -> endpoints.computeIfAbsent(path, p -> new ArrayList<>()).add("post"));
                }
            }
        }
        return endpoints;
    }

    private static List<String> paths(String prefix, String[] paths) {
        return paths.length == 0 ? List.of(prefix) : java.util.Arrays.stream(paths).map(path -> prefix + path).toList();
    }

    @Test
    void everyOperationListsUnauthorized() {
        Map<String, Object> paths = map(document, "paths");
        assertFalse(paths.isEmpty());
        paths.forEach((path, item) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> operations = (Map<String, Object>) item;
            operations.forEach((method, operation) -> {
                if (!METHODS.contains(method)) {
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> op = (Map<String, Object>) operation;
                if (List.of().equals(op.get("security"))) {
                    return; // declared open (security: []): no credentials, so no 401
                }
                Map<String, Object> responses = map(op, "responses");
                assertTrue(responses.containsKey("401") || responses.containsKey(401),
                        method.toUpperCase() + " " + path + " lists a 401 response");
            });
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is a mapping");
        return (Map<String, Object>) value;
    }
}
