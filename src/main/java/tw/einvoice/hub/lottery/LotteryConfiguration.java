package tw.einvoice.hub.lottery;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.rules.RuleSettings;

import java.util.TimeZone;

/**
 * The fetch of published winning numbers runs on Quartz's clustered JDBC store, like the period-end jobs: one hub
 * of a cluster fetches per firing, and a firing missed while every hub was down runs at the next start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LotteryProperties.class)
class LotteryConfiguration {

    @Bean
    JobDetail lotteryNumbersJob() {
        return JobBuilder.newJob(FetchWinningNumbers.class).withIdentity("lottery-winning-numbers")
                .withDescription("Fetch the last drawn period's winning numbers from hub.lottery.source-url").storeDurably().build();
    }

    @Bean
    Trigger lotteryNumbersTrigger(JobDetail lotteryNumbersJob, LotteryProperties settings) {
        return TriggerBuilder.newTrigger().forJob(lotteryNumbersJob).withIdentity("lottery-winning-numbers")
                .withSchedule(CronScheduleBuilder.cronSchedule(settings.sourceCron())
                        .inTimeZone(TimeZone.getTimeZone(RuleSettings.TAIPEI)).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @DisallowConcurrentExecution
    static class FetchWinningNumbers implements Job {
        private final WinningNumbersSource source;

        FetchWinningNumbers(WinningNumbersSource source) {
            this.source = source;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                source.fetchLatest();
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }
}
