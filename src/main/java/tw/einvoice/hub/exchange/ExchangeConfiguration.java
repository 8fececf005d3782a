package tw.einvoice.hub.exchange;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Two clustered Quartz jobs: reading DownCast, and looking for sales whose buyer has not answered in time. Clustered,
 * so with several hubs on one database each runs on one of them at a time.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExchangeProperties.class)
class ExchangeConfiguration {

    @Bean
    JobDetail exchangeDownCastJob() {
        return JobBuilder.newJob(ReadDownCast.class).withIdentity("exchange-downcast")
                .withDescription("Read inbound B2B exchange messages from Turnkey's DownCast").storeDurably().build();
    }

    @Bean
    Trigger exchangeDownCastTrigger(JobDetail exchangeDownCastJob, ExchangeProperties settings) {
        return TriggerBuilder.newTrigger().forJob(exchangeDownCastJob).withIdentity("exchange-downcast")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever()
                        .withIntervalInMilliseconds(settings.pollInterval().toMillis())
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail exchangeOverdueJob() {
        return JobBuilder.newJob(AlertOverdue.class).withIdentity("exchange-overdue")
                .withDescription("One finance alert per exchanged invoice its buyer has not answered in time")
                .storeDurably().build();
    }

    @Bean
    Trigger exchangeOverdueTrigger(JobDetail exchangeOverdueJob, ExchangeProperties settings) {
        return TriggerBuilder.newTrigger().forJob(exchangeOverdueJob).withIdentity("exchange-overdue")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever()
                        .withIntervalInMilliseconds(settings.checkInterval().toMillis())
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @DisallowConcurrentExecution
    static class ReadDownCast implements Job {
        private final Exchange exchange;

        ReadDownCast(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                exchange.readDownCast();
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    @DisallowConcurrentExecution
    static class AlertOverdue implements Job {
        private final Exchange exchange;
        private final Clock clock;

        AlertOverdue(Exchange exchange, Clock clock) {
            this.exchange = exchange;
            this.clock = clock;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                exchange.alertOverdue(OffsetDateTime.now(clock));
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }
}
