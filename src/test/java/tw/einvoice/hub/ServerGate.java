package tw.einvoice.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The address of a server that is down now and comes back later on the same address: the hub is configured with
 * {@link #port()}, bound once for the whole run, so no other process can take the port while the server is away (a
 * port picked, released and bound again later can be). While {@link #down()} every connection is reset at once, as a
 * host with nothing listening answers; {@link #upTo} relays each new connection to a real server (bound to a port
 * of its own) until the gate goes down again.
 */
public final class ServerGate implements AutoCloseable {

    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int target;

    public ServerGate() {
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "server-gate-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** From now on, connections reach the server listening on {@code serverPort} of 127.0.0.1. */
    public ServerGate upTo(int serverPort) {
        target = serverPort;
        return this;
    }

    /** From now on, connections are reset; the ones relayed so far are cut, as when a server stops. */
    public ServerGate down() {
        target = 0;
        open.forEach(ServerGate::quietlyClose);
        open.clear();
        return this;
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            int to = target;
            if (to == 0) {
                reset(client);
            } else {
                relay(client, to);
            }
        }
    }

    private void relay(Socket client, int to) {
        Socket server;
        try {
            server = new Socket(InetAddress.getLoopbackAddress(), to);
        } catch (IOException unreachable) {
            reset(client);
            return;
        }
        open.add(client);
        open.add(server);
        AtomicInteger directions = new AtomicInteger(2);
        pump(client, server, directions);
        pump(server, client, directions);
    }

    /** Copies one direction; at its end passes the end on (as TCP does), and the last direction closes both. */
    private void pump(Socket from, Socket to, AtomicInteger directions) {
        Thread t = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException cut) {
                quietlyClose(from);
                quietlyClose(to);
            } finally {
                if (directions.decrementAndGet() == 0) {
                    quietlyClose(from);
                    quietlyClose(to);
                    open.remove(from);
                    open.remove(to);
                }
            }
        }, "server-gate-relay-" + port());
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket client) {
        try {
            client.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed either way
        }
        quietlyClose(client);
    }

    private static void quietlyClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        down();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
