package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figures: 'mig' (render+validate+sign on one thread), "
                + "'walk' (invoices/s end to end on the embedded defaults through the simulator), "
                + "'numbering', 'drop', 'simulator' (F0401/s through the Turnkey simulator's checks and bookkeeping), "
                + "'crash' (kill -9 in every stage, restart, check nothing was lost or doubled), "
                + "'query' (dashboard and search queries and query-API requests/s over 1,000,000 generated invoices), "
                + "'lottery' (invoices matched/s against a period's winning numbers).")
class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark: mig, walk, numbering, drop, simulator, crash, query, proof or lottery");
    }
}
