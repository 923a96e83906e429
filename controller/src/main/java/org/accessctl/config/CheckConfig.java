package org.accessctl.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The {@code check-config --config FILE} command: validates a configuration before it is
 * deployed and prints what the program would run with. Exit status 0 when the configuration is
 * usable; 2, with one line on standard error, when it is not or the command is misused.
 */
public final class CheckConfig {

    public static final int OK = 0;
    public static final int BAD_CONFIGURATION = 2;

    private static final String USAGE = "usage: check-config --config FILE";

    private CheckConfig() {
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name: {@code --config FILE} or {@code --config=FILE};
     *             the simulator may leave it out to check its defaults
     * @return the exit status
     */
    public static int run(List<String> args, Properties systemProperties, Profile profile, PrintStream out,
                          PrintStream err) {
        Path file;
        try {
            file = configArgument(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return BAD_CONFIGURATION;
        }
        if (file == null && profile == Profile.DAEMON) {
            err.println("no configuration file given; " + USAGE);
            return BAD_CONFIGURATION;
        }
        ControllerConfig config;
        try {
            config = file == null
                    ? ConfigLoader.loadWithoutFile(systemProperties, profile)
                    : ConfigLoader.load(file, systemProperties, profile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return BAD_CONFIGURATION;
        }
        out.println("# effective configuration of " + profile.programName()
                + (file == null ? ", without a file" : ", from " + file));
        ConfigPrinter.print(config, out);
        return OK;
    }

    /**
     * The file named by {@code --config}, or null when the option is absent. Shared by every
     * command that takes a configuration, so they all accept the same forms.
     *
     * @throws IllegalArgumentException naming what is wrong with the arguments
     */
    public static Path configArgument(List<String> args) {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value;
            if (arg.equals("--config")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                value = args.get(++i);
            } else if (arg.startsWith("--config=")) {
                value = arg.substring("--config=".length());
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            if (file != null) {
                throw new IllegalArgumentException("--config given twice");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("--config needs a file");
            }
            file = Path.of(value);
        }
        return file;
    }
}
