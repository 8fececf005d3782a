package tw.einvoice.hub.runtime;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Puts the refusal in Spring Boot's "APPLICATION FAILED TO START" form, without a stack trace to read through. */
class SimulatorFailureAnalyzer extends AbstractFailureAnalyzer<SimulatorOnExternalServersException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SimulatorOnExternalServersException cause) {
        return new FailureAnalysis("The Turnkey + MOF platform simulator is on (the default of application.yaml) while "
                + "the hub uses " + String.join(" and ", cause.external()) + ". The simulator confirms every invoice "
                + "it sees, so they would turn CONFIRMED without ever reaching the MOF platform.",
                SimulatorOnExternalServersException.ACTION, cause);
    }
}
