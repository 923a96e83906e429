package org.accessctl.gpio;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls static factories of Pi4J plugins that are deliberately not on the daemon's compile
 * classpath (the mock plugin, which must never reach the daemon, and the pigpio plugin, which
 * is optional). A missing plugin becomes an {@link IllegalStateException} that names the
 * {@code gpio.provider} setting and the artifacts it needs, instead of a bare
 * {@link ClassNotFoundException} deep in a stack trace.
 */
final class PluginClasses {

    private final String setting;
    private final String artifacts;

    /**
     * @param setting the {@code gpio.provider} value being served, for messages
     * @param artifacts the Maven artifacts that provide the classes, for messages
     */
    PluginClasses(String setting, String artifacts) {
        this.setting = setting;
        this.artifacts = artifacts;
    }

    Class<?> load(String className) {
        try {
            return Class.forName(className, true, PluginClasses.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("gpio.provider=" + setting + " needs " + artifacts
                    + " on the classpath; " + className + " is missing", e);
        }
    }

    /** Calls {@code className.method(args)}, a public static method whose parameter types are given. */
    Object callStatic(String className, String method, Class<?>[] parameterTypes, Object... args) {
        Class<?> type = load(className);
        try {
            Method factory = type.getMethod(method, parameterTypes);
            return factory.invoke(null, args);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("gpio.provider=" + setting + ": " + className + "." + method
                    + " is not what this daemon was built against (" + artifacts + ")", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("gpio.provider=" + setting + ": " + className + "." + method
                    + " failed: " + e.getCause(), e.getCause());
        }
    }
}
