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

    @DisallowConcurrentExecution
    static class BlankReport implements Job {
        private final PeriodEnd periodEnd;
        private final Clock clock;

        BlankReport(PeriodEnd periodEnd, Clock clock) {
            this.periodEnd = periodEnd;
            this.clock = clock;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                periodEnd.reportBlanks(closed(clock));
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    @DisallowConcurrentExecution
    static class ConfirmationCheck implements Job {
        private final PeriodEnd periodEnd;
        private final Clock clock;

        ConfirmationCheck(PeriodEnd periodEnd, Clock clock) {
            this.periodEnd = periodEnd;
            this.clock = clock;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                periodEnd.unconfirmed(closed(clock));
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }
}
