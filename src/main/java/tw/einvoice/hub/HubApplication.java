package tw.einvoice.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import tw.einvoice.hub.cli.HubCli;

/**
 * One jar, two faces: with a CLI command as its first argument it answers and exits without starting
 * Spring, the database or the broker; with no command word, {@code serve} or Spring {@code --options} it runs the
 * hub; any other first word is a mistake and exits 2 with the list of commands.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class HubApplication {

    public static void main(String[] args) {
        switch (HubCli.dispatch(args)) {
            case COMMAND -> System.exit(HubCli.run(args, HubApplication.class));
            case UNKNOWN -> System.exit(HubCli.unknown(args[0]));
            case SERVE -> SpringApplication.run(HubApplication.class, HubCli.serverArguments(args));
        }
    }
}
