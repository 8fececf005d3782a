/**
 * The web console for people: login page, dashboard, invoice search and detail with their actions, the issue form,
 * batch upload, failures (rejected records), numbering, connectors, users and API keys.
 * Server-rendered (Thymeleaf) with a little htmx; every rule it applies is the API's, through the same services
 * (intake for issuing, {@code Adjustments} for changes, {@code Batches}, {@code RejectedRecords},
 * {@code Assignments} and {@code Allocations}, {@code AccessAdministration}) and the same {@code HubPrincipal} scope.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"web", "invoice", "intake", "issue", "transmit", "numbering", "seller", "rules", "drop", "callback", "mig", "print", "lottery",
                "exchange", "digitize"})
package tw.einvoice.hub.console;
