package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for the broker link, each set up the same way whichever method creates it:
 * TLS 1.3 and 1.2 only (older versions have known weaknesses and every current broker speaks
 * 1.2), the server's certificate checked against the host name as HTTPS does, TCP_NODELAY
 * for the reason {@link NoDelaySocketFactory} gives, and the decrypted input read through an
 * {@link OversizePublishFilter} ({@link GuardedSslSocket}).
 *
 * <p>Paho 1.2.5 calls only {@link #createSocket()}. It checks the host name itself when
 * {@code MqttConnectOptions.setHttpsHostnameVerificationEnabled(true)}; the check set here
 * survives Paho replacing the socket's SSL parameters for SNI (a {@code null} algorithm there
 * leaves ours in place), so the broker's name is checked even where that option is off.
 */
final class TlsSocketFactory extends SSLSocketFactory {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory delegate;

    TlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    // The connecting variants connect only after configuring, so no handshake can start unchecked.
    // Connecting to an InetSocketAddress lets the JDK take the host name the address was made
    // with for the name check, without a reverse DNS lookup that whoever runs DNS could answer.

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        socket.setTcpNoDelay(true);
        return configure(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        socket.setTcpNoDelay(true);
        return configure(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket configure(Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) socket;
        tls.setTcpNoDelay(true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(Arrays.stream(PROTOCOLS)
                .filter(Arrays.asList(tls.getSupportedProtocols())::contains)
                .toArray(String[]::new));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        return new GuardedSslSocket(tls, OversizeMessage.LIMIT_BYTES);
    }
}
