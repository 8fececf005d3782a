package tw.einvoice.hub.numbering;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.rules.RuleSettings;

import java.util.TimeZone;

/**
 * The period-end jobs run on Quartz's clustered JDBC store: however many hub instances share the
 * database, each firing runs on one of them, and a firing missed while all were down runs at the next start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NumberingProperties.class)
class NumberingConfiguration {

    @Bean
    JobDetail blankReportJob() {
        return JobBuilder.newJob(PeriodEndJobs.BlankReport.class).withIdentity("numbering-blank-report")
                .withDescription("E0402 for the period that closed").storeDurably().requestRecovery().build();
    }

    @Bean
    Trigger blankReportTrigger(JobDetail blankReportJob, NumberingProperties settings) {
        return TriggerBuilder.newTrigger().forJob(blankReportJob).withIdentity("numbering-blank-report")
                .withSchedule(CronScheduleBuilder.cronSchedule(settings.periodEndCron())
                        .inTimeZone(TimeZone.getTimeZone(RuleSettings.TAIPEI)).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    JobDetail blankConfirmationJob() {
        return JobBuilder.newJob(PeriodEndJobs.ConfirmationCheck.class).withIdentity("numbering-blank-confirmation")
                .withDescription("Alert finance when an E0402 is not confirmed by the 7th").storeDurably().build();
    }

    @Bean
    Trigger blankConfirmationTrigger(JobDetail blankConfirmationJob, NumberingProperties settings) {
        return TriggerBuilder.newTrigger().forJob(blankConfirmationJob).withIdentity("numbering-blank-confirmation")
                .withSchedule(CronScheduleBuilder.cronSchedule(settings.confirmCheckCron())
                        .inTimeZone(TimeZone.getTimeZone(RuleSettings.TAIPEI)).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
