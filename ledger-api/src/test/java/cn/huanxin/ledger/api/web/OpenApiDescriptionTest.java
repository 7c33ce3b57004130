package cn.huanxin.ledger.api.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static OpenAPI description ({@code static/openapi.yaml}, served at {@code /openapi.yaml})
 * parses, is OpenAPI 3, documents every implemented endpoint with its method, and lists a 401 for
 * every operation. Plain JUnit: no Spring context.
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

    @Test
    void documentsEveryImplementedEndpoint() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/api/v1/events", "post");
        expected.put("/api/v1/events/batch", "post");
        expected.put("/api/v1/events/{source}/{eventId}", "get");
        expected.put("/api/v1/history/{streamId}", "get");
        expected.put("/api/v1/balances", "get");
        expected.put("/api/v1/balances/trial", "get");
        expected.put("/api/v1/accounts/{accountId}/postings", "get");
        expected.put("/api/v1/trace/{kind}/{ref}", "get");
        expected.put("/api/v1/targets", "get");
        expected.put("/api/v1/alerts", "get");
        expected.put("/api/v1/alerts/{alertId}/disposition", "post");
        expected.put("/api/v1/rules", "get");
        expected.put("/api/v1/admin/projections", "get");
        expected.put("/api/v1/admin/projections/{name}/rebuild", "post");

        Map<String, Object> paths = map(document, "paths");
        expected.forEach((path, method) -> {
            assertTrue(paths.containsKey(path), "documents " + path);
            Map<String, Object> item = map(paths, path);
            List<String> methods = item.keySet().stream().filter(METHODS::contains).toList();
            assertEquals(List.of(method), methods, "methods of " + path);
        });
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
                Map<String, Object> responses = map((Map<String, Object>) operation, "responses");
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
