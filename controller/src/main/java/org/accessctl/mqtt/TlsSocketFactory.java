package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for the broker link, each set up the same way whichever method creates it:
 * TLS 1.3 and 1.2 only (older versions have known weaknesses and every current broker speaks
 * 1.2), the server's certificate checked against the host name as HTTPS does, and TCP_NODELAY
 * for the reason {@link NoDelaySocketFactory} gives.
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

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        // Connecting constructors would handshake before we could configure; connect afterwards.
        return layered(new Socket(host, port), host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return layered(new Socket(host, port, localHost, localPort), host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return layered(new Socket(host, port), host.getHostName(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return layered(new Socket(address, port, localAddress, localPort), address.getHostName(), port);
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

    private Socket layered(Socket plain, String host, int port) throws IOException {
        try {
            return createSocket(plain, host, port, true);
        } catch (IOException | RuntimeException e) {
            plain.close();
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
        return tls;
    }
}
