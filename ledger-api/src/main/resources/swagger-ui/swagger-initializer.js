/*
 * Shows the ledger's own description, /openapi.yaml, and nothing else.
 *
 * - validatorUrl "none": by default Swagger UI sends the description to an outside validator for a
 *   badge; the ledger's page makes no request off this machine.
 * - queryConfigEnabled false: a "?url=" in a link cannot make the page load another description.
 * - BaseLayout: no top bar, so there is no box in which to type another description's address.
 */
window.onload = function () {
    window.ui = SwaggerUIBundle({
        url: "/openapi.yaml",
        dom_id: "#swagger-ui",
        validatorUrl: "none",
        queryConfigEnabled: false,
        deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis],
        plugins: [SwaggerUIBundle.plugins.DownloadUrl],
        layout: "BaseLayout"
    });
};
