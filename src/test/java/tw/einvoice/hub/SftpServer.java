package tw.einvoice.hub;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 serving {@code root}, with one user and password. It notes the
 * name of every file renamed into place, so a test can count deliveries rather than only see the last file.
 */
public final class SftpServer implements AutoCloseable {

    private final SshServer sshd;
    private final Path root;
    private final List<String> renamedIn = new CopyOnWriteArrayList<>();

    public SftpServer(int port, Path root, String user, String password) throws IOException {
        this.root = Files.createDirectories(root);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling("hostkey-" + UUID.randomUUID() + ".ser")));
        sshd.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void moved(ServerSession session, Path src, Path dst, Collection<CopyOption> opts, Throwable thrown) {
                if (thrown == null) {
                    renamedIn.add(dst.getFileName().toString());
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
        sshd.start();
    }

    public int port() {
        return sshd.getPort();
    }

    /** The server's host key as a known_hosts line, as {@code ssh-keyscan -p PORT 127.0.0.1} would print it. */
    public String knownHostsLine() throws IOException, GeneralSecurityException {
        KeyPair key = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic());
    }

    /** Names of the files renamed into place so far, in order. */
    public List<String> renamedIn() {
        return List.copyOf(renamedIn);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
