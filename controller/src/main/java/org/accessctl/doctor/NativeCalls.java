package org.accessctl.doctor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/** The C library calls the checks need: the GPIO character device's ioctls and the kernel clock's state. */
interface NativeCalls extends Library {

    NativeCalls INSTANCE = Native.load(Platform.C_LIBRARY_NAME, NativeCalls.class);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;

    int open(String path, int flags, int mode);

    int close(int fd);

    int ioctl(int fd, NativeLong request, byte[] arg);

    /** With {@code modes} (the first int) zero it only reads; returns the clock state, 5 = unsynchronised. */
    int adjtimex(byte[] timex);

    String strerror(int errnum);

    static String lastError() {
        return INSTANCE.strerror(Native.getLastError());
    }
}
