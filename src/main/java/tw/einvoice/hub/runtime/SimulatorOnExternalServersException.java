package tw.einvoice.hub.runtime;

import java.util.List;

/** The start is refused: the simulator would confirm invoices on what looks like a production installation. */
public class SimulatorOnExternalServersException extends IllegalStateException {

    static final String ACTION = "Set HUB_SIMULATOR_ENABLED=false and point the hub at Turnkey (HUB_TURNKEY_UPCAST, "
            + "HUB_TURNKEY_DB_URL; docs/turnkey.md). To run the simulator on these servers on purpose (a demo, a test "
            + "installation), set HUB_SIMULATOR_ENABLED=true explicitly.";

    private final List<String> external;

    SimulatorOnExternalServersException(List<String> external) {
        super("The Turnkey + MOF platform simulator is on (the default of application.yaml) while the hub uses "
                + String.join(" and ", external) + ": invoices would be CONFIRMED by the simulator without ever "
                + "reaching the MOF platform. " + ACTION);
        this.external = List.copyOf(external);
    }

    public List<String> external() {
        return external;
    }
}
