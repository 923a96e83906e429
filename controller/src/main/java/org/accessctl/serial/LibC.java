package org.accessctl.serial;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls behind pseudo-terminals and waiting on serial lines. Linux only: the
 * constants are those of Linux on x86 and ARM. {@code size_t}, {@code ssize_t} and
 * {@code nfds_t} are mapped to {@link NativeLong}, which matches them on both 32- and 64-bit
 * Raspberry Pi systems.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    int O_RDWR = 0x2;
    int O_NOCTTY = 0x100;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    int TCSANOW = 0;

    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int EINTR = 4;
    int EAGAIN = 11;

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    /** Returns 0, or an error number (it does not rely on errno). */
    int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    /** {@code open} is variadic; passing the mode always is how C callers do it too. */
    int open(String path, int flags, int mode);

    int close(int fd);

    int tcgetattr(int fd, Pointer termios);

    void cfmakeraw(Pointer termios);

    int tcsetattr(int fd, int optionalActions, Pointer termios);

    NativeLong read(int fd, byte[] buf, NativeLong count);

    NativeLong write(int fd, Pointer buf, NativeLong count);

    int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

    int pipe2(int[] fds, int flags);

    String strerror(int errnum);

    /** The message for the error the last call on this thread left in errno. */
    static String lastError() {
        int errno = Native.getLastError();
        return INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }
}
