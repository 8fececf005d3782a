package tw.einvoice.hub.numbering;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Clock;
import java.time.LocalDate;

/** The Quartz jobs of period end; each works on the period before today's (Asia/Taipei). */
final class PeriodEndJobs {

    private PeriodEndJobs() {
    }

    static TaxPeriod closed(Clock clock) {
        return TaxPeriod.of(LocalDate.now(clock.withZone(RuleSettings.TAIPEI))).previous();
    }

    /** A job that works on the period that has just closed; Quartz sees a failure as the job's failure. */
    @DisallowConcurrentExecution
    abstract static class ClosedPeriodJob implements Job {
        final PeriodEnd periodEnd;
        private final Clock clock;

        ClosedPeriodJob(PeriodEnd periodEnd, Clock clock) {
            this.periodEnd = periodEnd;
            this.clock = clock;
        }

        abstract void run(TaxPeriod closed);

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                run(closed(clock));
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    static class BlankReport extends ClosedPeriodJob {
        BlankReport(PeriodEnd periodEnd, Clock clock) {
            super(periodEnd, clock);
        }

        @Override
        void run(TaxPeriod closed) {
            periodEnd.reportBlanks(closed);
        }
    }

    static class ConfirmationCheck extends ClosedPeriodJob {
        ConfirmationCheck(PeriodEnd periodEnd, Clock clock) {
            super(periodEnd, clock);
        }

        @Override
        void run(TaxPeriod closed) {
            periodEnd.unconfirmed(closed);
        }
    }
}
