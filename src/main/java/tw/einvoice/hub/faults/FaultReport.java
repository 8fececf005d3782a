package tw.einvoice.hub.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a fault run found, outage by outage: the table, one line per outage, the JSON, and what broke a promise. */
public record FaultReport(double rate, double outageSeconds, List<Case> cases) {

    /**
     * One outage under load.
     *
     * @param skipped        why the outage could not be made here (the other figures are then empty)
     * @param cases          invoices sent during the case (before, during and after the outage)
     * @param loadHeld       invoices intake accepted per second while the part was away
     * @param refused        503 answers (each with Retry-After unless counted in {@code refusedWithoutRetryAfter})
     * @param unexpected     answers other than 2xx and 503, with the record and the status
     * @param lost           invoices not CONFIRMED (or never accepted) when the run gave up waiting, plus numbers skipped
     * @param doubled        invoices stored twice, numbers held twice, F0401 messages written twice
     * @param alerts         OUTAGE finance alerts naming the part, recorded during the case
     * @param otherAlerts    OUTAGE alerts of other parts the outage took along (the hub's PostgreSQL holds Turnkey's
     *                       database too)
     * @param healthDown     whether /actuator/health's {@code outages} named the part while it was away
     * @param healthUpAfter  whether it no longer did once the backlog was drained
     * @param recovery       seconds from the outage's end until every accepted invoice was CONFIRMED; null: never
     */
    public record Case(Fault fault, String skipped, int cases, double loadHeld, long refused,
                       long refusedWithoutRetryAfter, List<String> unexpected, long lost, long doubled, long gaps,
                       long alerts, Map<String, Long> otherAlerts, boolean healthDown, boolean healthUpAfter,
                       Double recovery) {

        /** The line tests and logs print: {@code fault <name>: cases=… load=…/s lost=0 doubled=0 recovery=…s}. */
        public String line() {
            if (skipped != null) {
                return "fault %s: not run (%s)".formatted(fault.part(), skipped);
            }
            return String.format(Locale.ROOT, "fault %s: cases=%d load=%.1f/s lost=%d doubled=%d recovery=%s",
                    fault.part(), cases, loadHeld, lost, doubled, recovery == null ? "never" : "%.1fs".formatted(recovery));
        }

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (skipped != null) {
                return problems;
            }
            String p = fault.part() + ": ";
            if (lost > 0) {
                problems.add(p + lost + " invoice(s) lost (not CONFIRMED, never accepted, or a number skipped)");
            }
            if (doubled > 0) {
                problems.add(p + doubled + " invoice(s), number(s) or message(s) doubled");
            }
            if (refusedWithoutRetryAfter > 0) {
                problems.add(p + refusedWithoutRetryAfter + " 503 answer(s) without Retry-After");
            }
            if (!unexpected.isEmpty()) {
                problems.add(p + unexpected.size() + " unexpected answer(s), e.g. " + unexpected.get(0));
            }
            if (alerts != 1) {
                problems.add(p + alerts + " OUTAGE alerts instead of one");
            }
            if (!healthDown) {
                problems.add(p + "/actuator/health never showed the part down");
            }
            if (!healthUpAfter) {
                problems.add(p + "/actuator/health still showed the part down after the backlog drained");
            }
            if (recovery == null) {
                problems.add(p + "the backlog did not drain");
            }
            return problems;
        }
    }

    public List<String> problems() {
        return cases.stream().flatMap(c -> c.problems().stream()).toList();
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "outages of %.0f s at %.0f invoices/s (load %.2f)%n", outageSeconds, rate,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        String format = "%-17s | %5s | %-26s | %4s | %7s | %8s | %6s | %s%n";
        out.append(String.format(Locale.ROOT, format, "fault", "cases", "load held", "lost", "doubled", "recovery",
                "alerts", "health (down during / up after)"));
        out.append("-".repeat(110)).append('\n');
        for (Case c : cases) {
            if (c.skipped() != null) {
                out.append(String.format(Locale.ROOT, "%-17s | not run: %s%n", c.fault().part(), c.skipped()));
                continue;
            }
            String held = String.format(Locale.ROOT, "%.1f/s of %.0f/s, %d×503", c.loadHeld(), rate, c.refused());
            out.append(String.format(Locale.ROOT, format, c.fault().part(), c.cases(), held, c.lost(), c.doubled(),
                    c.recovery() == null ? "never" : "%.1f s".formatted(c.recovery()), c.alerts(),
                    (c.healthDown() ? "down" : "NOT SHOWN") + " / " + (c.healthUpAfter() ? "up" : "STILL DOWN")));
        }
        return out.toString();
    }

    public String json() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("rate", rate);
        root.put("outageSeconds", outageSeconds);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ArrayNode list = root.putArray("faults");
        for (Case c : cases) {
            ObjectNode o = list.addObject();
            o.put("fault", c.fault().part());
            o.put("description", c.fault().description());
            if (c.skipped() != null) {
                o.put("skipped", c.skipped());
                continue;
            }
            o.put("cases", c.cases());
            o.put("loadHeldPerSecond", Math.round(c.loadHeld() * 10) / 10.0);
            o.put("refused503", c.refused());
            o.put("refusedWithoutRetryAfter", c.refusedWithoutRetryAfter());
            o.put("unexpected", c.unexpected().size());
            o.put("lost", c.lost());
            o.put("doubled", c.doubled());
            o.put("gaps", c.gaps());
            o.put("alerts", c.alerts());
            c.otherAlerts().forEach((part, n) -> o.with("otherAlerts").put(part, n));
            o.put("healthDown", c.healthDown());
            o.put("healthUpAfter", c.healthUpAfter());
            if (c.recovery() != null) {
                o.put("recoverySeconds", Math.round(c.recovery() * 10) / 10.0);
            } else {
                o.putNull("recoverySeconds");
            }
        }
        root.putPOJO("problems", problems());
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
