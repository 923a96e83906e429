package org.accessctl.systemd;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code struct sockaddr_un} as bytes. A path starting with {@code @} names an abstract socket
 * (a leading NUL byte, no file), as systemd writes it in {@code NOTIFY_SOCKET}.
 */
record UnixAddress(byte[] bytes, int length) {

    static UnixAddress of(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.length > 0 && name[0] == '@';
        if (abstractName) {
            name[0] = 0;
        }
        // A file path needs its terminating NUL inside sun_path; an abstract name does not.
        if (name.length == 0 || name.length + (abstractName ? 0 : 1) > SocketLibC.SOCKADDR_UN_SIZE - 2) {
            throw new IllegalArgumentException("not a usable Unix socket address: " + path);
        }
        byte[] addr = new byte[SocketLibC.SOCKADDR_UN_SIZE];
        // sa_family_t is a native-endian unsigned short.
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            addr[0] = SocketLibC.AF_UNIX;
        } else {
            addr[1] = SocketLibC.AF_UNIX;
        }
        System.arraycopy(name, 0, addr, 2, name.length);
        return new UnixAddress(addr, 2 + name.length + (abstractName ? 0 : 1));
    }
}
