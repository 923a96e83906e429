package org.accessctl.systemd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * The C library's datagram socket calls. Java 17's channels speak Unix stream sockets only, and
 * systemd's notification socket is a Unix datagram socket. Linux constants (x86 and ARM alike).
 */
interface SocketLibC extends Library {

    SocketLibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, SocketLibC.class);

    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un)}: a 2-byte family and 108 bytes of path. */
    int SOCKADDR_UN_SIZE = 110;

    int socket(int domain, int type, int protocol);

    NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen);

    int bind(int fd, byte[] addr, int addrLen);

    NativeLong recv(int fd, byte[] buf, NativeLong len, int flags);

    int close(int fd);

    String strerror(int errnum);

    static String lastError() {
        int errno = Native.getLastError();
        return INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }
}
