package tw.einvoice.hub.console;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.util.URISupport;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tw.einvoice.hub.callback.CallbackBacklog;
import tw.einvoice.hub.web.Callers;

import java.util.Comparator;
import java.util.List;

/**
 * Each Camel route with its state from the route controller, its consumer's endpoint (without its options, where
 * passwords and tokens sit, and with any user info masked) and its last exchange and failure; and the callback outbox. Read-only: starting and stopping routes stays
 * with the operator's configuration.
 */
@Controller
class ConnectorsPage {

    static final int FAILING_SHOWN = 20;

    private final Callers callers;
    private final CamelContext camel;
    private final ConnectorActivity activity;
    private final CallbackBacklog backlog;

    ConnectorsPage(Callers callers, CamelContext camel, ConnectorActivity activity, CallbackBacklog backlog) {
        this.callers = callers;
        this.camel = camel;
        this.activity = activity;
        this.backlog = backlog;
    }

    /** {@code polls} and {@code pollErrors} are null for a consumer that does not poll (direct, JMS). */
    record Connector(String routeId, String group, String endpoint, String status, ConnectorActivity.Activity activity,
                     long uptimeMillis, Long polls, Long pollErrors) {
        public boolean started() {
            return ServiceStatus.Started.name().equals(status);
        }
    }

    @GetMapping("/connectors")
    String page(Authentication auth, Model model) {
        ConsoleNavigation.require(ConsoleNavigation.CONNECTORS, callers.of(auth));
        List<Connector> routes = camel.getRoutes().stream()
                .map(this::connector)
                .sorted(Comparator.comparing(Connector::routeId))
                .toList();
        model.addAttribute("routes", routes);
        model.addAttribute("outbox", backlog.counts());
        model.addAttribute("failing", backlog.failing(FAILING_SHOWN));
        return "console/connectors";
    }

    private Connector connector(Route route) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
        // a poll that finds nothing makes no exchange: the poller's own counters show that it is polling at all
        ScheduledPollConsumer poller = route.getConsumer() instanceof ScheduledPollConsumer p ? p : null;
        return new Connector(route.getRouteId(), route.getGroup(), URISupport.sanitizeUri(route.getEndpoint().getEndpointBaseUri()),
                status == null ? "Unknown" : status.name(), activity.of(route.getRouteId()).orElse(null),
                route.getUptimeMillis(), poller == null ? null : poller.getCounter(), poller == null ? null : poller.getErrorCounter());
    }
}
