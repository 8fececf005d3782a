package tw.einvoice.hub.drop;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * An uploader as a partner's system is one: a real SFTP client (Apache MINA SSHD) that writes a file piece by piece
 * at the offsets it chooses, each write acknowledged by the server before the next, and renames when told to.
 */
final class SftpUploader implements AutoCloseable {

    private final SshClient client = SshClient.setUpDefaultClient();
    private final ClientSession session;
    private final SftpClient sftp;

    SftpUploader(int port, String user, String password) throws IOException {
        // the test's own server, whose key was generated a moment ago
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession();
        session.addPasswordIdentity(password);
        session.auth().verify(Duration.ofSeconds(10));
        sftp = SftpClientFactory.instance().createSftpClient(session);
    }

    /** Creates (or empties) the file and keeps it open for {@link #write}. */
    SftpClient.CloseableHandle create(String path) throws IOException {
        return sftp.open(path, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate);
    }

    /** Writes {@code length} bytes of {@code body} from {@code offset}, at the same offset of the file. */
    void write(SftpClient.Handle file, byte[] body, int offset, int length) throws IOException {
        sftp.write(file, offset, body, offset, length);
    }

    void upload(String path, byte[] body) throws IOException {
        try (SftpClient.CloseableHandle file = create(path)) {
            write(file, body, 0, body.length);
        }
    }

    void rename(String from, String to) throws IOException {
        sftp.rename(from, to);
    }

    @Override
    public void close() throws IOException {
        try (client; session; sftp) {
            // closed in reverse order
        }
    }
}
