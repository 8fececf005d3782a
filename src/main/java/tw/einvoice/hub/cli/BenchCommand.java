package tw.einvoice.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "With no subcommand: the end-to-end benchmark (invoices/s intake to CONFIRMED against the same "
                + "PostgreSQL's ceiling, latency, heap; docs/benchmarks.md). Subcommands: 'mig' (render+validate+sign on one thread), "
                + "'walk' (invoices/s end to end on the embedded defaults through the simulator), "
                + "'numbering', 'drop', 'simulator' (F0401/s through the Turnkey simulator's checks and bookkeeping), "
                + "'crash' (kill -9 in every stage, restart, check nothing was lost or doubled), "
                + "'query' (dashboard and search queries and query-API requests/s over 1,000,000 generated invoices), "
                + "'lottery' (invoices matched/s against a period's winning numbers).")
class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchEndToEnd endToEnd;

    @Override
    public Integer call() throws Exception {
        return endToEnd.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
