package tw.einvoice.hub.numbering;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Watches Turnkey's E0501 download folder; the files stay where Turnkey put them, each is imported once. */
@Component
class NumberingRoutes extends RouteBuilder {

    private final NumberingProperties settings;

    NumberingRoutes(NumberingProperties settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("file:" + settings.e0501Dir() + "?recursive=true&include=(?i).*\\.xml&noop=true&idempotent=true&delay=5000")
                .routeId("numbering-e0501-import")
                .bean(Assignments.class, "importFile").id("numbering-e0501-store");
    }
}
