package tw.einvoice.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import tw.einvoice.hub.cli.HubCli;

/**
 * One jar, two faces: with a CLI command as its first argument it answers and exits without starting
 * Spring, the database or the broker; otherwise it runs the hub.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class HubApplication {

    public static void main(String[] args) {
        if (HubCli.isCommand(args)) {
            System.exit(HubCli.run(args, HubApplication.class));
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
