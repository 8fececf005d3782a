package tw.einvoice.hub.signing;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.TimeZone;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SigningProperties.class)
class SigningConfiguration {

    @Bean
    SigningKeys signingKeys(SigningProperties properties, @Value("${hub.data-dir}") Path dataDir, SellerDirectory sellers,
                            Clock clock) {
        Path certs = dataDir.toAbsolutePath().normalize().resolve("certs");
        return new SigningKeys(properties, certs, ban -> sellers.find(ban).map(Seller::name), clock);
    }

    @Bean
    MessageArchive messageArchive(SigningProperties properties, SigningKeys keys, Clock clock) {
        return new MessageArchive(properties.enabled(), keys, clock);
    }

    @Bean
    JobDetail certificateCheckJob() {
        return JobBuilder.newJob(CertificateWatch.DailyCheck.class).withIdentity("signing-certificate-check")
                .withDescription("Mail finance about seller certificates near expiry, expired or unreadable")
                .storeDurably().build();
    }

    @Bean
    Trigger certificateCheckTrigger(JobDetail certificateCheckJob, SigningProperties settings) {
        return TriggerBuilder.newTrigger().forJob(certificateCheckJob).withIdentity("signing-certificate-check")
                .withSchedule(CronScheduleBuilder.cronSchedule(settings.certificateCheckCron())
                        .inTimeZone(TimeZone.getTimeZone(CertificateAlert.TAIPEI)).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
