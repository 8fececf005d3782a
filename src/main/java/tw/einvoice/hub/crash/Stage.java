package tw.einvoice.hub.crash;

import java.util.ArrayList;
import java.util.List;

/** The stages of an invoice's walk a kill is aimed at, each told by what moved in the hub's state just before it. */
public enum Stage {
    INTAKE("intake"),
    ISSUE("numbering+rendering"),
    TRANSMIT("transmission"),
    RESULTS("result reading"),
    CALLBACKS("callbacks");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this stage was at work between two looks at the hub (a POST open or answered, or its count moved). */
    boolean active(Snapshot before, Snapshot now) {
        return switch (this) {
            case INTAKE -> now.postInFlight() || now.recordsAnswered() > before.recordsAnswered();
            case ISSUE -> now.numbered() > before.numbered();
            case TRANSMIT -> now.handedOver() > before.handedOver();
            case RESULTS -> now.answered() > before.answered();
            case CALLBACKS -> now.delivered() > before.delivered();
        };
    }

    /** Whether work waits for this stage. */
    boolean waiting(Snapshot now) {
        return switch (this) {
            case INTAKE -> now.postInFlight();
            case ISSUE -> now.received() > 0;
            case TRANSMIT -> now.issued() > 0;
            case RESULTS -> now.sent() > 0;
            case CALLBACKS -> now.undelivered() > 0;
        };
    }

    /**
     * The order kills are aimed in: stage by stage along the walk, once per round, each round starting with a new
     * share of the records so there is something to take in. Fewer kills than stages take the riskiest first
     * (intake, the hand-over to Turnkey, callbacks), still in walk order.
     */
    static List<List<Stage>> plan(int kills) {
        List<Stage> priority = List.of(INTAKE, TRANSMIT, CALLBACKS, ISSUE, RESULTS);
        List<List<Stage>> rounds = new ArrayList<>();
        int left = kills;
        while (left > 0) {
            int take = Math.min(left, values().length);
            List<Stage> round = new ArrayList<>(priority.subList(0, take));
            round.sort(null);
            rounds.add(List.copyOf(round));
            left -= take;
        }
        return rounds;
    }
}
