package cn.huanxin.ledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The API's description and the page that shows it, open to anyone (their rows are in the access
 * policy): the hand-written {@code openapi.yaml}, which the tests hold to the controllers, and
 * Swagger UI over that same file. These are documentation, not endpoints of the API, so they are not
 * in the description themselves.
 *
 * <p>The Swagger UI page is the one response of the ledger that a browser renders as a page that
 * runs script, so it sends its own Content-Security-Policy, which the security headers keep (they
 * add theirs only to a response that has none): scripts, styles, images and requests from this
 * ledger only, so the page can load nothing from anywhere else even if a file of it tried.
 */
@Controller
class ApiDescriptionController {

    /** The OpenAPI description, kept where the tests and the README name it. */
    static final String DESCRIPTION = "static/openapi.yaml";

    /** The ledger's own Swagger UI page; the rest of Swagger UI's files come from its WebJar. */
    static final String SWAGGER_UI_PAGE = "swagger-ui/index.html";

    static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

    /**
     * Scripts, styles, images and requests from this origin only. Swagger UI's style sheet draws its
     * icons from data: URLs, so images may come from there too; no inline script or style is allowed,
     * and Swagger UI needs none.
     */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @GetMapping("/openapi.yaml")
    ResponseEntity<Resource> description() {
        return ResponseEntity.ok().contentType(APPLICATION_YAML).body(new ClassPathResource(DESCRIPTION));
    }

    /** The UI's address as people type it, with or without the final slash, leads to its page. */
    @GetMapping({"/swagger-ui", "/swagger-ui/"})
    ResponseEntity<Void> swaggerUi(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(request.getContextPath() + "/" + SWAGGER_UI_PAGE)).build();
    }

    @GetMapping("/swagger-ui/index.html")
    ResponseEntity<Resource> swaggerUiPage() {
        return ResponseEntity.ok()
                .header("Content-Security-Policy", SWAGGER_UI_CONTENT_SECURITY_POLICY)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(new ClassPathResource(SWAGGER_UI_PAGE));
    }
}
