package tw.einvoice.hub.transmit;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Turnkey's folders as Camel endpoints: local, or on the Turnkey host over SFTP. Over SFTP the host's key is checked
 * ({@code strictHostKeyChecking=yes} against {@code hub.turnkey.sftp.known-hosts-file}) and the password is set on the
 * endpoint, never written into its URI, so neither logs, route listings nor metrics show it.
 */
final class TurnkeyFolders {

    private static final Logger log = LoggerFactory.getLogger(TurnkeyFolders.class);

    private final TransmitProperties.Sftp sftp;

    TurnkeyFolders(TransmitProperties.Sftp sftp) {
        this.sftp = sftp;
    }

    /** The endpoint of {@code uri} plus {@code options} (without a leading '?' or '&'). */
    Endpoint endpoint(CamelContext camel, String uri, String options) {
        String full = uri + separator(uri) + options;
        if (!TransmitProperties.Sftp.remote(uri)) {
            return camel.getEndpoint(full);
        }
        SftpEndpoint endpoint = camel.getEndpoint(full, SftpEndpoint.class);
        SftpConfiguration configuration = endpoint.getConfiguration();
        configuration.setPassword(sftp.password());
        configuration.setStrictHostKeyChecking(sftp.strictHostKeyChecking());
        if (sftp.knownHostsFile() != null) {
            configuration.setKnownHostsFile(sftp.knownHostsFile());
            configuration.setUseUserKnownHostsFile(false);
        }
        return endpoint;
    }

    /**
     * Says plainly when the Turnkey host was refused for its host key (JSch's own words, "reject HostKey", sit three
     * causes deep in a stack trace); the caller throws the failure on for the error handler to retry.
     */
    void explain(Throwable failure) {
        hostKeyRefusal(failure).ifPresent(reason -> log.error(
                "Turnkey's SFTP host was refused: {}. Its host key is not the one in {}; if this is the Turnkey host, add "
                        + "its key there (ssh-keyscan -p PORT HOST >> that file), otherwise someone is in between",
                reason, sftp.knownHostsFile() != null ? sftp.knownHostsFile() + " (HUB_TURNKEY_KNOWN_HOSTS)"
                        : "~/.ssh/known_hosts (HUB_TURNKEY_KNOWN_HOSTS unset)"));
    }

    /** JSch's reason, when {@code failure} is a refused host key (unknown, changed or revoked). */
    static Optional<String> hostKeyRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchHostKeyException) {
                return Optional.ofNullable(t.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code failure} happened before anything could be written: the host was not reached, or refused for its
     * key or our credentials. Anything later (a write or rename cut short) may have left the file in SRC.
     */
    static boolean neverReached(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchHostKeyException || t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException
                    || t instanceof JSchException && t.getMessage() != null && t.getMessage().startsWith("Auth ")) {
                return true;
            }
        }
        return false;
    }

    static String separator(String uri) {
        return uri.contains("?") ? "&" : "?";
    }
}
